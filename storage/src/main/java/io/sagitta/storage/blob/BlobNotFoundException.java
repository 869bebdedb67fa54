package io.sagitta.storage.blob;

/** No committed blob under the key (from get and verify; {@code head} answers null instead). */
public class BlobNotFoundException extends BlobStoreException {

  private static final long serialVersionUID = 1L;

  private final String key;

  public BlobNotFoundException(String key) {
    super("no blob under key '" + key + "'");
    this.key = key;
  }

  public String key() {
    return key;
  }
}
