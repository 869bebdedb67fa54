package io.sagitta.storage.blob;

/** A blob store operation failed: I/O error, unreachable service, timeout. The message says which. */
public class BlobStoreException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public BlobStoreException(String message) {
    super(message);
  }

  public BlobStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
