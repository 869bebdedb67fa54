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
}
