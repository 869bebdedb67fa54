package io.sagitta.storage.blob.impl;

import io.sagitta.storage.blob.BlobInfo;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An upload into a temporary file under {@code tmp/}: writes go to the file on the worker pool in
 * order; commit appends the trailer, fsyncs, renames over the key's file and fsyncs the directory.
 */
final class FileUpload extends SequencedUpload {

  private final FileBlobStoreImpl store;
  private final Path target;
  private final Path part;
  // Used only inside worker tasks, which the step chain runs one after another.
  private volatile FileChannel channel;

  FileUpload(FileBlobStoreImpl store, String key) {
    super(key);
    this.store = store;
    this.target = store.objectPath(key);
    this.part = store.newTemporary();
  }

  @Override
  protected Future<Void> writeStep(Buffer chunk) {
    ByteBuffer[] data = Checksums.views(chunk);
    return store.blocking.run(() -> {
      Blocking.check("file write");
      writeFully(channel(), data);
      return null;
    });
  }

  @Override
  protected Future<Void> publishStep(BlobInfo info, int crc32c) {
    return store.blocking.run(() -> {
      Blocking.check("file commit");
      publish(info, crc32c);
      return null;
    });
  }

  // One worker task for the last chunk and the commit: a small instance's whole file work in one trip.
  @Override
  protected Future<Void> writeAndPublishStep(Buffer last, BlobInfo info, int crc32c) {
    ByteBuffer[] data = Checksums.views(last);
    return store.blocking.run(() -> {
      Blocking.check("file commit");
      writeFully(channel(), data);
      publish(info, crc32c);
      return null;
    });
  }

  // On a worker: trailer, fsync, close, then the rename onto the key (which fsyncs the directory).
  private void publish(BlobInfo info, int crc32c) throws IOException {
    FileChannel ch = channel();
    writeFully(ch, new ByteBuffer[] {Trailer.encode(info.size(), crc32c)});
    ch.force(true);
    ch.close();
    channel = null;
    store.publish(key(), part, target);
  }

  private static void writeFully(FileChannel ch, ByteBuffer[] data) throws IOException {
    for (ByteBuffer buffer : data) {
      while (buffer.hasRemaining()) {
        ch.write(data);
      }
    }
  }

  @Override
  protected <T> Future<T> failure(String operation, Throwable cause) {
    return FileBlobStoreImpl.failure(operation, key(), cause);
  }

  // Deletes the temporary file; runs after the last write task, whatever happened before.
  @Override
  protected Future<Void> discard() {
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
}
