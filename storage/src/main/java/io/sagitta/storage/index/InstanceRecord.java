package io.sagitta.storage.index;

import io.sagitta.core.data.Dataset;
import io.sagitta.core.data.Tag;
import java.util.Objects;

/**
 * What the index records for one stored instance: the indexed attributes (a small dataset holding
 * only the {@link QueryKeys} attributes and the character set), the transfer syntax the bytes are
 * in, the durable blob, and the instance's DICOM JSON without bulk data (see
 * {@link IndexedAttributes#METADATA_BULKDATA_PREFIX}). Make one with {@link #of}.
 */
public record InstanceRecord(Dataset attributes, String transferSyntaxUid, StoredBlob blob, String metadataJson) {

    public InstanceRecord {
        Objects.requireNonNull(attributes, "attributes");
        Objects.requireNonNull(transferSyntaxUid, "transferSyntaxUid");
        Objects.requireNonNull(blob, "blob");
        Objects.requireNonNull(metadataJson, "metadataJson");
        for (int tag : new int[] {Tag.StudyInstanceUID, Tag.SeriesInstanceUID, Tag.SOPInstanceUID, Tag.SOPClassUID}) {
            if (attributes.getString(tag) == null) {
                throw new IllegalArgumentException("an instance without " + io.sagitta.core.data.ElementDictionary.keywordOf(tag)
                    + " cannot be indexed");
            }
        }
    }

    /** Picks the indexed attributes of {@code dataset} and writes its metadata JSON. */
    public static InstanceRecord of(Dataset dataset, String transferSyntaxUid, StoredBlob blob) {
        return IndexedAttributes.record(dataset, transferSyntaxUid, blob);
    }

    public String studyInstanceUid() {
        return attributes.getString(Tag.StudyInstanceUID);
    }

    public String seriesInstanceUid() {
        return attributes.getString(Tag.SeriesInstanceUID);
    }

    public String sopInstanceUid() {
        return attributes.getString(Tag.SOPInstanceUID);
    }

    public String sopClassUid() {
        return attributes.getString(Tag.SOPClassUID);
    }
}
