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
    ByteBuffer data = Checksums.view(chunk);
    return store.blocking.run(() -> {
      Blocking.check("file write");
      FileChannel ch = channel();
      while (data.hasRemaining()) {
        ch.write(data);
      }
      return null;
    });
  }

  @Override
  protected Future<Void> publishStep(BlobInfo info, int crc32c) {
    return store.blocking.run(() -> {
      Blocking.check("file commit");
      FileChannel ch = channel();
      ByteBuffer trailer = Trailer.encode(info.size(), crc32c);
      while (trailer.hasRemaining()) {
        ch.write(trailer);
      }
      ch.force(true);
      ch.close();
      channel = null;
      store.publish(key(), part, target);
      return null;
    });
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
