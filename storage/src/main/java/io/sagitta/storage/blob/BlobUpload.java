package io.sagitta.storage.blob;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

/**
 * One streaming put into a {@link BlobStore}, whose length need not be known up front: the first
 * phase ({@link #write}) stores bytes where no reader can see them; the second ({@link #commit})
 * makes the whole blob visible at once, replacing any blob under the same key. {@link #abort} (or a
 * failure) leaves nothing visible. Whatever a crash leaves behind is removed by
 * {@link BlobStore#sweepTemporary}.
 *
 * <p>Back-pressure: the Future returned by {@link #write} completes when the chunk has been accepted
 * (written to a temporary file, or added to the part buffer and, when that is full, uploaded). A
 * writer waits for it before writing the next chunk; that keeps memory bounded by about one chunk
 * (filesystem) or one part (S3) per upload. Writes issued without waiting are queued in order, so
 * they are correct but unbounded.
 *
 * <p>Call the methods from one thread (normally the Vert.x context that began the upload). The
 * chunk buffers must not be changed by the caller after {@code write}.
 */
public interface BlobUpload {

  /** The key this upload will commit to. */
  String key();

  /** Bytes accepted so far (including writes still in progress). */
  long bytesWritten();

  /**
   * Appends a chunk. Fails with {@link IllegalStateException} once the upload is committing,
   * committed or aborted; fails with the original cause after an earlier write failed.
   */
  Future<Void> write(Buffer chunk);

  /**
   * Makes the blob durable and visible under its key, atomically. Succeeds with the blob's size and
   * checksum. Fails with {@link IllegalStateException} if called twice or after {@link #abort}.
   * When commit fails, nothing new is visible under the key and the temporary data is cleaned up
   * (best effort; the sweeper removes the rest).
   */
  Future<BlobInfo> commit();

  /**
   * Appends {@code last}, then commits, as {@link #write} followed by {@link #commit()}. A store may do
   * both in one step: a small instance then costs one trip to the disk's worker instead of two.
   */
  default Future<BlobInfo> commit(Buffer last) {
    return write(last).compose(v -> commit());
  }

  /**
   * Discards everything written. Idempotent; a no-op after a successful commit (the committed blob
   * stays). Clean-up runs even if the caller has gone away.
   */
  Future<Void> abort();
}
