package io.sagitta.storage.blob;

/** The bytes of a stored blob no longer match the size or checksum recorded at commit. */
public class BlobCorruptedException extends BlobStoreException {

  private static final long serialVersionUID = 1L;

  private final String key;

  public BlobCorruptedException(String key, String detail) {
    super("blob '" + key + "' is corrupted: " + detail);
    this.key = key;
  }

  public String key() {
    return key;
  }
}
