package io.sagitta.storage.blob.impl;

import io.sagitta.storage.blob.BlobInfo;
import io.sagitta.storage.blob.BlobReadStream;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;

/** A {@link BlobReadStream} over a Vert.x {@link AsyncFile} range; closes the file at the end. */
final class AsyncFileReadStream implements BlobReadStream {

  private final AsyncFile file;
  private final BlobInfo info;
  private final long offset;
  private final long length;
  private Handler<Void> endHandler;
  private Handler<Throwable> exceptionHandler;
  private Future<Void> closed;

  AsyncFileReadStream(AsyncFile file, BlobInfo info, long offset, long length) {
    this.file = file;
    this.info = info;
    this.offset = offset;
    this.length = length;
    file.setReadPos(offset);
    file.setReadLength(length);
    file.endHandler(v -> close().onComplete(ar -> {
      if (endHandler != null) {
        endHandler.handle(null);
      }
    }));
    file.exceptionHandler(e -> close().onComplete(ar -> {
      if (exceptionHandler != null) {
        exceptionHandler.handle(e);
      }
    }));
  }

  @Override
  public BlobInfo info() {
    return info;
  }

  @Override
  public long offset() {
    return offset;
  }

  @Override
  public long length() {
    return length;
  }

  @Override
  public Future<Void> close() {
    if (closed == null) {
      closed = file.close().otherwiseEmpty();
    }
    return closed;
  }

  @Override
  public BlobReadStream exceptionHandler(Handler<Throwable> handler) {
    this.exceptionHandler = handler;
    return this;
  }

  @Override
  public BlobReadStream handler(Handler<Buffer> handler) {
    file.handler(handler);
    return this;
  }

  @Override
  public BlobReadStream pause() {
    file.pause();
    return this;
  }

  @Override
  public BlobReadStream resume() {
    file.resume();
    return this;
  }

  @Override
  public BlobReadStream fetch(long amount) {
    file.fetch(amount);
    return this;
  }

  @Override
  public BlobReadStream endHandler(Handler<Void> endHandler) {
    this.endHandler = endHandler;
    return this;
  }
}
