package io.sagitta.storage.cache;

/**
 * Sizes of the caches in front of the index. A size of 0 turns that cache off.
 *
 * @param locationsMaxInstances instance locations held at most, counted over all cached scopes (a
 *     cached study of 500 instances counts 500); a location is a few hundred bytes
 * @param metadataMaxBytes approximate heap held by cached WADO-RS metadata (DICOM JSON text); one
 *     scope whose metadata is larger than an eighth of this is never cached, it is streamed
 */
public record IndexCacheOptions(long locationsMaxInstances, long metadataMaxBytes) {

    public static final long DEFAULT_LOCATIONS_MAX_INSTANCES = 200_000;
    public static final long DEFAULT_METADATA_MAX_BYTES = 128L * 1024 * 1024;

    public static final IndexCacheOptions DEFAULT = new IndexCacheOptions(DEFAULT_LOCATIONS_MAX_INSTANCES, DEFAULT_METADATA_MAX_BYTES);

    public IndexCacheOptions {
        if (locationsMaxInstances < 0 || metadataMaxBytes < 0) {
            throw new IllegalArgumentException("cache sizes must not be negative");
        }
    }

    /** The largest metadata of one scope that is cached. */
    long metadataMaxEntryBytes() {
        return metadataMaxBytes / 8;
    }
}
