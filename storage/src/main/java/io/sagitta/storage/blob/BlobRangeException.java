package io.sagitta.storage.blob;

/** A byte range that does not lie within the blob (negative, or past its end). */
public class BlobRangeException extends BlobStoreException {

  private static final long serialVersionUID = 1L;

  public BlobRangeException(String key, long offset, long length, long size) {
    super("range offset=" + offset + " length=" + length + " is outside blob '" + key
        + "' of size " + size);
  }
}
