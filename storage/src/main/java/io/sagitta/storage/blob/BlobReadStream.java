package io.sagitta.storage.blob;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

/**
 * The bytes of one blob (or a range of it), streamed: never held whole in memory, with
 * back-pressure through {@link #pause()}/{@link #fetch(long)}, so {@link #pipeTo} into a slow
 * {@link io.vertx.core.streams.WriteStream} keeps memory bounded.
 *
 * <p>The stream frees its resources (file handle, HTTP connection) when it ends or fails. A
 * consumer that stops early must call {@link #close()}.
 */
public interface BlobReadStream extends ReadStream<Buffer> {

  /** The whole blob this stream reads from (its full size and checksum). */
  BlobInfo info();

  /** The offset in the blob of the first byte this stream delivers. */
  long offset();

  /** How many bytes this stream delivers in total. */
  long length();

  /** Stops reading and frees resources; no further events are emitted. Idempotent. */
  Future<Void> close();

  @Override
  BlobReadStream exceptionHandler(Handler<Throwable> handler);

  @Override
  BlobReadStream handler(Handler<Buffer> handler);

  @Override
  BlobReadStream pause();

  @Override
  BlobReadStream resume();

  @Override
  BlobReadStream fetch(long amount);

  @Override
  BlobReadStream endHandler(Handler<Void> endHandler);
}
