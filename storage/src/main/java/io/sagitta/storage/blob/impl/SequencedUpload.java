package io.sagitta.storage.blob.impl;

import io.sagitta.storage.blob.BlobInfo;
import io.sagitta.storage.blob.BlobUpload;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.zip.CRC32C;

/**
 * What every {@link BlobUpload} shares, whatever the store: the life cycle (open, committing,
 * committed, aborted, failed), the running size and CRC32C, and one chain of steps so that chunks
 * reach the store in the order they were written and commit runs after the last of them.
 * Subclasses say how a chunk is written, how the blob is published and how a failed or aborted
 * upload is cleared away.
 *
 * <p>The checksum is computed on the calling thread as chunks arrive: CRC32C costs far less than
 * the copy that writing them takes anyway.
 */
abstract class SequencedUpload implements BlobUpload {

  private enum State { OPEN, COMMITTING, COMMITTED, ABORTED, FAILED }

  private final String key;
  private final CRC32C crc = new CRC32C();
  private long size;
  private State state = State.OPEN;
  private Throwable failure;
  private Future<Void> tail = Future.succeededFuture();
  private Future<BlobInfo> committed;
  private Future<Void> aborted;

  SequencedUpload(String key) {
    this.key = key;
  }

  /** Runs after the previous step: writes {@code chunk} to the store, or stages it. */
  protected abstract Future<Void> writeStep(Buffer chunk);

  /** Runs after the last write: makes the blob visible under its key, all or nothing. */
  protected abstract Future<Void> publishStep(BlobInfo info, int crc32c);

  /**
   * Runs after the previous step: writes {@code last}, then publishes. A store that can do both in
   * one trip (one worker task) overrides this.
   */
  protected Future<Void> writeAndPublishStep(Buffer last, BlobInfo info, int crc32c) {
    return writeStep(last).compose(v -> publishStep(info, crc32c));
  }

  /** Removes whatever a failed or aborted upload left behind; must not fail. */
  protected abstract Future<Void> discard();

  /** How a failure of {@code operation} ("write", "commit") is reported to the caller. */
  protected <T> Future<T> failure(String operation, Throwable cause) {
    return Future.failedFuture(cause);
  }

  @Override
  public final String key() {
    return key;
  }

  @Override
  public final long bytesWritten() {
    return size;
  }

  @Override
  public final Future<Void> write(Buffer chunk) {
    if (failure != null) {
      return Future.failedFuture(failure);
    }
    if (state != State.OPEN) {
      return Future.failedFuture(new IllegalStateException("upload of '" + key + "' is " + describe()));
    }
    count(chunk);
    tail = tail.compose(v -> writeStep(chunk));
    tail.onFailure(this::failed);
    return tail.recover(e -> failure("write", e));
  }

  @Override
  public final Future<BlobInfo> commit() {
    return commitAfter(null);
  }

  @Override
  public final Future<BlobInfo> commit(Buffer last) {
    return commitAfter(last);
  }

  // last: a final chunk written in the same step as the publication, or null.
  private Future<BlobInfo> commitAfter(Buffer last) {
    if (failure != null) {
      return Future.failedFuture(failure);
    }
    if (state != State.OPEN) {
      return Future.failedFuture(new IllegalStateException("cannot commit: upload of '" + key + "' is " + describe()));
    }
    state = State.COMMITTING;
    if (last != null) {
      count(last);
    }
    int crc32c = (int) crc.getValue();
    BlobInfo info = new BlobInfo(key, size, Checksums.hex(crc32c));
    committed = tail.compose(v -> last == null ? publishStep(info, crc32c) : writeAndPublishStep(last, info, crc32c))
        .transform(ar -> {
          if (ar.succeeded()) {
            state = State.COMMITTED;
            return Future.succeededFuture(info);
          }
          state = State.FAILED;
          failure = ar.cause();
          return discard().transform(ignored -> failure("commit", ar.cause()));
        });
    return committed;
  }

  private void count(Buffer chunk) {
    for (ByteBuffer view : Checksums.views(chunk)) {
      crc.update(view);
    }
    size += chunk.length();
  }

  @Override
  public final Future<Void> abort() {
    switch (state) {
      case COMMITTED:
        return Future.succeededFuture();
      case COMMITTING:
        return committed.transform(ar -> Future.succeededFuture());
      case ABORTED:
        return aborted;
      default:
        state = State.ABORTED;
        aborted = tail.transform(ar -> discard());
        return aborted;
    }
  }

  private void failed(Throwable e) {
    if (failure == null) {
      failure = e;
    }
    if (state == State.OPEN) {
      state = State.FAILED;
      discard();
    }
  }

  private String describe() {
    return state.name().toLowerCase(Locale.ROOT);
  }
}
