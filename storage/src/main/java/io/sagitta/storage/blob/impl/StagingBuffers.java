package io.sagitta.storage.blob.impl;

import java.nio.ByteBuffer;
import java.util.concurrent.ArrayBlockingQueue;

/**
 * The block-aligned direct buffers that {@link DirectFileWriter}s stage their bytes in (direct I/O reads from
 * memory aligned to the file system's block size only). A worker takes one for the length of a write and gives it
 * back; at most as many are kept as the store has workers, so they cost a fixed few MiB off the heap.
 */
final class StagingBuffers {

  /** Big enough for a DIMSE write batch (256 KiB) and the PDU that completed it, in one write. */
  static final int SIZE = 1024 * 1024;

  private final int blockSize;
  private final ArrayBlockingQueue<ByteBuffer> free;

  StagingBuffers(int blockSize, int kept) {
    if (blockSize <= 0 || Integer.bitCount(blockSize) != 1 || blockSize > SIZE) {
      throw new IllegalArgumentException("block size must be a power of two up to " + SIZE + ", was " + blockSize);
    }
    this.blockSize = blockSize;
    this.free = new ArrayBlockingQueue<>(kept);
  }

  int blockSize() {
    return blockSize;
  }

  /** A cleared buffer of {@link #SIZE} bytes, starting on a block boundary. */
  ByteBuffer take() {
    ByteBuffer buffer = free.poll();
    return buffer != null ? buffer : ByteBuffer.allocateDirect(SIZE + blockSize).alignedSlice(blockSize).slice(0, SIZE);
  }

  void give(ByteBuffer buffer) {
    buffer.clear();
    free.offer(buffer);
  }
}
