package io.sagitta.storage.blob.impl;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.nio.ByteBuffer;

/** CRC32C as hex, and views of Vert.x buffers without copying. */
public final class Checksums {

  private Checksums() {}

  /** Eight lower-case hex digits. */
  public static String hex(long crc32c) {
    String s = Long.toHexString(crc32c & 0xffffffffL);
    return "00000000".substring(s.length()) + s;
  }

  /** A read-only NIO view of the buffer's readable bytes (a copy only if the buffer is foreign). */
  public static ByteBuffer view(Buffer buffer) {
    if (buffer instanceof BufferInternal internal) {
      return internal.getByteBuf().nioBuffer().asReadOnlyBuffer();
    }
    return ByteBuffer.wrap(buffer.getBytes()).asReadOnlyBuffer();
  }

  /**
   * Read-only NIO views of the buffer's readable bytes, one per component of a composite buffer, so
   * that a chunk assembled from several received fragments is written and checksummed without first
   * being copied into one.
   */
  public static ByteBuffer[] views(Buffer buffer) {
    if (buffer instanceof BufferInternal internal) {
      ByteBuffer[] views = internal.getByteBuf().nioBuffers();
      for (int i = 0; i < views.length; i++) {
        views[i] = views[i].asReadOnlyBuffer();
      }
      return views;
    }
    return new ByteBuffer[] {view(buffer)};
  }
}
