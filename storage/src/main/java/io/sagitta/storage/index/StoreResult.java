package io.sagitta.storage.index;

/**
 * What recording an instance did. Idempotent on the SOP Instance UID:
 * <ul>
 *   <li>{@link Outcome#STORED}: a new instance.
 *   <li>{@link Outcome#DUPLICATE}: the UID was indexed with the same checksum; nothing changed. If
 *       the caller wrote the bytes under a new key, that blob is unused: {@link #obsoleteBlobKey()}.
 *   <li>{@link Outcome#REPLACED}: the UID was indexed with other bytes; the row now points at the
 *       new blob and {@link #obsoleteBlobKey()} is the old one, for the caller to delete.
 * </ul>
 * The study and series UIDs say which cached metadata the write touched; for a replacement, the
 * previous study and series UIDs say where the instance was before (the same ones unless the new
 * bytes name another series), which a cache must forget as well.
 */
public record StoreResult(Outcome outcome, String studyInstanceUid, String seriesInstanceUid, String sopInstanceUid,
    String obsoleteBlobKey, String previousStudyInstanceUid, String previousSeriesInstanceUid) {

    public enum Outcome { STORED, DUPLICATE, REPLACED }

    /** A result that moved nothing from elsewhere (stored or duplicate, or replaced in place). */
    public StoreResult(Outcome outcome, String studyInstanceUid, String seriesInstanceUid, String sopInstanceUid,
                       String obsoleteBlobKey) {
        this(outcome, studyInstanceUid, seriesInstanceUid, sopInstanceUid, obsoleteBlobKey, studyInstanceUid, seriesInstanceUid);
    }

    /** The blob key no index row points at any more (delete it), or null. */
    @Override
    public String obsoleteBlobKey() {
        return obsoleteBlobKey;
    }
}
