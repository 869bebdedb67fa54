package io.sagitta.storage.blob.impl;

import io.sagitta.storage.blob.BlobInfo;
import io.sagitta.storage.blob.BlobUpload;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * An upload into a temporary file under {@code tmp/}: writes go to the file on the worker pool in
 * order; commit appends the trailer, fsyncs, renames over the key's file and fsyncs the directory.
 * The checksum is computed on the calling thread as chunks arrive (CRC32C costs far less than the
 * copy into the page cache).
 */
final class FileUpload implements BlobUpload {

  private enum State { OPEN, COMMITTING, COMMITTED, ABORTED, FAILED }

  private final FileBlobStoreImpl store;
  private final String key;
  private final Path target;
  private final Path part;
  private final CRC32C crc = new CRC32C();
  private long size;
  private State state = State.OPEN;
  private Throwable failure;
  private Future<Void> tail = Future.succeededFuture();
  private Future<BlobInfo> committed;
  private Future<Void> aborted;
  // Used only inside worker tasks, which the tail chain runs one after another.
  private volatile FileChannel channel;

  FileUpload(FileBlobStoreImpl store, String key) {
    this.store = store;
    this.key = key;
    this.target = store.objectPath(key);
    this.part = store.newTemporary();
  }

  @Override
  public String key() {
    return key;
  }

  @Override
  public long bytesWritten() {
    return size;
  }

  @Override
  public Future<Void> write(Buffer chunk) {
    if (failure != null) {
      return Future.failedFuture(failure);
    }
    if (state != State.OPEN) {
      return Future.failedFuture(new IllegalStateException("upload of '" + key + "' is " + describe()));
    }
    ByteBuffer data = Checksums.view(chunk);
    crc.update(data.duplicate());
    size += data.remaining();
    tail = tail.compose(v -> store.blocking.run(() -> {
      Blocking.check("file write");
      FileChannel ch = channel();
      while (data.hasRemaining()) {
        ch.write(data);
      }
      return null;
    }));
    tail.onFailure(this::failed);
    return tail.recover(e -> FileBlobStoreImpl.failure("write", key, e));
  }

  @Override
  public Future<BlobInfo> commit() {
    if (failure != null) {
      return Future.failedFuture(failure);
    }
    if (state != State.OPEN) {
      return Future.failedFuture(new IllegalStateException("cannot commit: upload of '" + key + "' is " + describe()));
    }
    state = State.COMMITTING;
    long total = size;
    int crc32c = (int) crc.getValue();
    committed = tail.compose(v -> store.blocking.run(() -> {
      Blocking.check("file commit");
      FileChannel ch = channel();
      ByteBuffer trailer = Trailer.encode(total, crc32c);
      while (trailer.hasRemaining()) {
        ch.write(trailer);
      }
      ch.force(true);
      ch.close();
      channel = null;
      store.publish(key, part, target);
      return new BlobInfo(key, total, Checksums.hex(crc32c));
    })).transform(ar -> {
      if (ar.succeeded()) {
        state = State.COMMITTED;
        return Future.succeededFuture(ar.result());
      }
      state = State.FAILED;
      failure = ar.cause();
      return cleanup().transform(ignored -> FileBlobStoreImpl.failure("commit", key, ar.cause()));
    });
    return committed;
  }

  @Override
  public Future<Void> abort() {
    switch (state) {
      case COMMITTED:
        return Future.succeededFuture();
      case COMMITTING:
        return committed.transform(ar -> Future.succeededFuture());
      case ABORTED:
        return aborted;
      default:
        state = State.ABORTED;
        aborted = tail.transform(ar -> cleanup());
        return aborted;
    }
  }

  private void failed(Throwable e) {
    if (failure == null) {
      failure = e;
    }
    if (state == State.OPEN) {
      state = State.FAILED;
      cleanup();
    }
  }

  // Deletes the temporary file; runs after the last write task, whatever happened before.
  private Future<Void> cleanup() {
    return store.blocking.run(() -> {
      Blocking.check("file cleanup");
      FileChannel ch = channel;
      channel = null;
      if (ch != null) {
        try {
          ch.close();
        } catch (IOException ignored) {
          // deleting it is what matters
        }
      }
      Files.deleteIfExists(part);
      return null;
    });
  }

  private FileChannel channel() throws IOException {
    FileChannel ch = channel;
    if (ch == null) {
      ch = FileChannel.open(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      channel = ch;
    }
    return ch;
  }

  private String describe() {
    return state.name().toLowerCase(java.util.Locale.ROOT);
  }
}
