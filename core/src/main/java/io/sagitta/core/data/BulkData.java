package io.sagitta.core.data;

/**
 * A value that is not held in memory: where it is, not what it is. Either a URI (DICOMweb
 * BulkDataURI) or a byte range of the stream the dataset was parsed from (offset of the first
 * value byte, length in bytes; length -1 for undefined-length encapsulated data).
 */
public record BulkData(String uri, long offset, long length) {

    public static BulkData ofRange(long offset, long length) {
        return new BulkData(null, offset, length);
    }

    public static BulkData ofUri(String uri) {
        return new BulkData(uri, -1, -1);
    }
}
