package io.sagitta.storage.blob.impl;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Writes one new file with direct I/O ({@code O_DIRECT}): the bytes go from an aligned staging buffer to the
 * disk without passing through the page cache. Direct I/O moves whole blocks only, so the bytes that do not fill
 * a block yet wait here until the next write; the last block is padded with zeros and the file then truncated to
 * its exact length.
 *
 * <p>Why: a large blob written through the page cache costs a copy into newly allocated cache pages and, later,
 * their write-back and reclaim, for bytes that are rarely read again soon. On the machines measured here
 * (bench/RESULTS.md, session 13) a 512 KiB file written and fsynced this way took a third of the CPU. The price
 * is that the first read of the blob comes from the disk, not from memory.
 *
 * <p>Blocking: every method runs on the blob store's workers, one call at a time per file.
 */
final class DirectFileWriter {

  private final FileChannel channel;
  private final StagingBuffers staging;
  private final int block;
  private final byte[] carry;
  private int carried;
  private long length;

  /** {@code channel}: opened for writing with {@code ExtendedOpenOption.DIRECT}, empty. */
  DirectFileWriter(FileChannel channel, StagingBuffers staging) {
    this.channel = channel;
    this.staging = staging;
    this.block = staging.blockSize();
    this.carry = new byte[block];
  }

  /** Writes the whole blocks of (what was carried +) {@code data} and carries the rest to the next call. */
  void write(ByteBuffer[] data) throws IOException {
    put(data, false);
  }

  /**
   * Writes (what was carried +) {@code last} to the end, the last block padded with zeros, and cuts the file to
   * the bytes written. One write for the end of the file and its padding: each direct write waits for the disk.
   */
  void finish(ByteBuffer[] last) throws IOException {
    put(last, true);
    channel.truncate(length);
  }

  private void put(ByteBuffer[] data, boolean end) throws IOException {
    ByteBuffer buffer = staging.take();
    try {
      buffer.put(carry, 0, carried);
      for (ByteBuffer piece : data) {
        ByteBuffer source = piece.duplicate();
        length += source.remaining();
        while (source.hasRemaining()) {
          int n = Math.min(source.remaining(), buffer.remaining());
          buffer.put(buffer.position(), source, source.position(), n);
          buffer.position(buffer.position() + n);
          source.position(source.position() + n);
          if (!buffer.hasRemaining()) {
            writeWholeBlocks(buffer);
          }
        }
      }
      if (end) {
        // less than a block is left past the last whole one, so the padding fits in the buffer
        while (buffer.position() % block != 0) {
          buffer.put((byte) 0);
        }
      }
      writeWholeBlocks(buffer);
      carried = buffer.position();
      buffer.get(0, carry, 0, carried);
    } finally {
      staging.give(buffer);
    }
  }

  // Writes the whole blocks staged at the start of `buffer` and moves the rest (less than a block) to its start.
  private void writeWholeBlocks(ByteBuffer buffer) throws IOException {
    int staged = buffer.position();
    int whole = staged - staged % block;
    if (whole == 0) {
      return;
    }
    writeFully(buffer.duplicate().position(0).limit(whole));
    buffer.put(0, buffer.duplicate(), whole, staged - whole);
    buffer.position(staged - whole);
  }

  private void writeFully(ByteBuffer buffer) throws IOException {
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
  }
}
