package io.sagitta.storage.index;

import io.sagitta.core.data.Dataset;
import io.sagitta.core.data.Tag;
import io.sagitta.core.data.Tags;
import io.sagitta.core.json.BulkDataUris;
import io.sagitta.core.json.DicomJsonOptions;
import io.sagitta.core.json.DicomJsonWriter;
import java.util.List;

/**
 * Picks out of a dataset what the index keeps: the {@link QueryKeys} attributes (values copied as
 * they are encoded, with the Specific Character Set that decodes them) and the instance's DICOM
 * JSON for WADO-RS metadata.
 *
 * <p>The metadata JSON holds no bulk data: pixel data, other values over 1 KiB of a binary VR,
 * and values the parser left in the blob are written as a BulkDataURI placeholder relative to the
 * instance, {@value #METADATA_BULKDATA_PREFIX} followed by the value's path: for each enclosing
 * sequence its tag and item index, then the attribute's tag, all hex and slash-separated (e.g.
 * {@code bulkdata/7FE00010}, {@code bulkdata/00540016/0/00181072}). The WADO-RS door prefixes it
 * with the instance's URL when serving; the path also says which value to cut from the blob.
 */
public final class IndexedAttributes {

    public static final String METADATA_BULKDATA_PREFIX = "bulkdata/";

    private static final BulkDataUris PLACEHOLDERS = IndexedAttributes::placeholder;

    private static final DicomJsonWriter METADATA_WRITER = DicomJsonWriter.create(DicomJsonOptions.builder()
        .bulkDataThreshold(1024)
        .bulkDataUris(PLACEHOLDERS)
        .build());

    private IndexedAttributes() {
    }

    static InstanceRecord record(Dataset dataset, String transferSyntaxUid, StoredBlob blob) {
        return new InstanceRecord(extract(dataset), transferSyntaxUid, blob, metadataJson(dataset));
    }

    /** A dataset holding only the indexed attributes of {@code dataset}. */
    public static Dataset extract(Dataset dataset) {
        Dataset out = new Dataset(QueryKeys.all().size() + 1);
        copy(dataset, out, Tag.SpecificCharacterSet);
        for (QueryKeys.Key key : QueryKeys.all()) {
            if (key.kind() != QueryKeys.Kind.COUNT) {
                copy(dataset, out, key.tag());
            }
        }
        return out;
    }

    private static void copy(Dataset from, Dataset to, int tag) {
        int i = from.indexOf(tag);
        if (i >= 0 && from.valueAt(i) instanceof byte[]) {
            to.setValue(tag, from.vrAt(i), from.valueAt(i));
        }
    }

    /** The dataset as DICOM JSON with bulk data replaced by placeholders. */
    public static String metadataJson(Dataset dataset) {
        return METADATA_WRITER.toJson(dataset);
    }

    private static String placeholder(List<Integer> itemPath, int tag, io.sagitta.core.data.VR vr) {
        StringBuilder sb = new StringBuilder(METADATA_BULKDATA_PREFIX);
        for (int k = 0; k < itemPath.size(); k += 2) {
            sb.append(Tags.toHex(itemPath.get(k))).append('/').append(itemPath.get(k + 1)).append('/');
        }
        return sb.append(Tags.toHex(tag)).toString();
    }
}
