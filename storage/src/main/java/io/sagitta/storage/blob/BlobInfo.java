package io.sagitta.storage.blob;

import java.util.Objects;

/**
 * What a store knows about one committed blob.
 *
 * @param key      the blob's key, as given to {@link BlobStore#begin(String)}
 * @param size     the number of bytes in the blob
 * @param checksum the CRC32C of the blob's bytes, recorded at commit, as eight lower-case hex digits
 *                 (see {@link BlobStore} for why CRC32C); {@code null} only when the store holds
 *                 none (an S3 object written by another tool)
 */
public record BlobInfo(String key, long size, String checksum) {

  /** The algorithm behind {@link #checksum()}. */
  public static final String CHECKSUM_ALGORITHM = "CRC32C";

  public BlobInfo {
    Objects.requireNonNull(key, "key");
    if (size < 0) {
      throw new IllegalArgumentException("negative size " + size);
    }
  }
}
