package io.sagitta.storage.blob;

/** A key that {@link BlobKeys} rejects. The message says why. */
public class InvalidBlobKeyException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  public InvalidBlobKeyException(String key, String reason) {
    super("invalid blob key " + quote(key) + ": " + reason);
  }

  private static String quote(String key) {
    if (key == null) {
      return "null";
    }
    String shown = key.length() > 80 ? key.substring(0, 80) + "..." : key;
    return "'" + shown + "'";
  }
}
