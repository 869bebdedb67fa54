package io.sagitta.storage.blob.impl;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The 24 bytes after a blob's data in the filesystem store: magic {@code "SGTBLOB1"}, data size
 * (big-endian long), CRC32C (big-endian int), 4 reserved zero bytes. Keeping the checksum in the
 * same file makes it move atomically with the data on rename, and the recorded size lets a
 * truncated file be told from a short blob.
 */
final class Trailer {

  static final int LENGTH = 24;
  private static final byte[] MAGIC = "SGTBLOB1".getBytes(StandardCharsets.US_ASCII);

  final long size;
  final int crc32c;

  private Trailer(long size, int crc32c) {
    this.size = size;
    this.crc32c = crc32c;
  }

  static ByteBuffer encode(long size, int crc32c) {
    ByteBuffer b = ByteBuffer.allocate(LENGTH);
    b.put(MAGIC).putLong(size).putInt(crc32c).putInt(0);
    return b.flip();
  }

  /** Parses the trailer of a file of the given total length; throws saying why it cannot. */
  static Trailer decode(ByteBuffer b, long fileLength) throws TrailerException {
    if (fileLength < LENGTH || b.remaining() < LENGTH) {
      throw new TrailerException("file of " + fileLength + " bytes is too short to hold its trailer");
    }
    for (byte m : MAGIC) {
      if (b.get() != m) {
        throw new TrailerException("no valid trailer at the end of the file");
      }
    }
    long size = b.getLong();
    int crc = b.getInt();
    if (size != fileLength - LENGTH) {
      throw new TrailerException("trailer records " + size + " bytes but the file holds "
          + (fileLength - LENGTH));
    }
    return new Trailer(size, crc);
  }

  String checksum() {
    return Checksums.hex(crc32c);
  }

  static final class TrailerException extends Exception {
    private static final long serialVersionUID = 1L;

    TrailerException(String message) {
      super(message);
    }
  }
}
