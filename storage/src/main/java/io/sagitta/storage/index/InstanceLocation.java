package io.sagitta.storage.index;

/** Where one instance's bytes are and what they are: what WADO-RS, C-MOVE and C-GET need to send it. */
public record InstanceLocation(String studyInstanceUid, String seriesInstanceUid, String sopInstanceUid, String sopClassUid,
    String transferSyntaxUid, String blobKey, long size, String checksum) {
}
