package io.sagitta.storage.blob.impl;

import com.sun.nio.file.ExtendedOpenOption;
import io.sagitta.storage.blob.BlobInfo;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * An upload into a temporary file under {@code tmp/}: writes go to the file on the worker pool in
 * order; commit appends the trailer, fsyncs, renames over the key's file and fsyncs the directory.
 *
 * <p>A blob whose first write brings at least {@link #DIRECT_MIN} bytes is written with direct I/O
 * ({@link DirectFileWriter}) when the store's file system allows it; smaller ones go through the page cache,
 * where a few KiB cost less than the block padding and the truncation that direct I/O needs.
 */
final class FileUpload extends SequencedUpload {

  private final FileBlobStoreImpl store;
  private final Path target;
  private final Path part;
  // Used only inside worker tasks, which the step chain runs one after another.
  private volatile FileChannel channel;
  // Set, with the channel, when the file is written with direct I/O.
  private volatile DirectFileWriter direct;

  /** The smallest first write that makes an upload use direct I/O: a CT image's batch, not a small instance. */
  static final int DIRECT_MIN = 128 * 1024;

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
      write(data, false);
      return null;
    });
  }

  @Override
  protected Future<Void> publishStep(BlobInfo info, int crc32c) {
    return store.blocking.run(() -> {
      Blocking.check("file commit");
      publish(new ByteBuffer[0], info, crc32c);
      return null;
    });
  }

  // One worker task for the last chunk and the commit: a small instance's whole file work in one trip.
  @Override
  protected Future<Void> writeAndPublishStep(Buffer last, BlobInfo info, int crc32c) {
    ByteBuffer[] data = Checksums.views(last);
    return store.blocking.run(() -> {
      Blocking.check("file commit");
      publish(data, info, crc32c);
      return null;
    });
  }

  // On a worker: the last bytes and the trailer in one write, fsync, close, then the rename onto the key (which
  // fsyncs the directory).
  private void publish(ByteBuffer[] last, BlobInfo info, int crc32c) throws IOException {
    ByteBuffer[] end = Arrays.copyOf(last, last.length + 1);
    end[last.length] = Trailer.encode(info.size(), crc32c);
    write(end, true);
    FileChannel ch = channel;
    ch.force(true);
    ch.close();
    channel = null;
    direct = null;
    store.publish(key(), part, target);
  }

  // `end`: these are the file's last bytes, so a direct write pads and closes off the last block.
  private void write(ByteBuffer[] data, boolean end) throws IOException {
    if (channel == null) {
      open(data);
    }
    DirectFileWriter writer = direct;
    if (writer == null) {
      writeFully(channel, data);
    } else if (end) {
      writer.finish(data);
    } else {
      writer.write(data);
    }
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
      direct = null;
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

  // Creates the temporary file, with direct I/O when the first bytes to write are many and the store allows it.
  private void open(ByteBuffer[] first) throws IOException {
    StagingBuffers staging = store.directStaging();
    if (staging != null && remaining(first) >= DIRECT_MIN) {
      FileChannel ch = FileChannel.open(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
          ExtendedOpenOption.DIRECT);
      channel = ch;
      direct = new DirectFileWriter(ch, staging);
    } else {
      channel = FileChannel.open(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    }
  }

  private static long remaining(ByteBuffer[] data) {
    long n = 0;
    for (ByteBuffer b : data) {
      n += b.remaining();
    }
    return n;
  }
}
