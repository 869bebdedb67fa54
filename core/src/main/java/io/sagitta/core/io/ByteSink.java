package io.sagitta.core.io;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.sagitta.core.data.ByteOrder;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Where the encoder's bytes go, in the byte order of the transfer syntax: either straight into the
 * caller's {@link ByteBuf}, or through a small staging buffer into an {@link OutputStream}, so
 * that writing a file never holds the encoded instance in memory. Large values bypass the staging
 * buffer and go to the stream as they are.
 */
final class ByteSink implements AutoCloseable {

    /** Staging size for streams; values at least half this big are written to the stream directly. */
    static final int STAGING_SIZE = 8192;
    /** Values are byte-swapped through a scratch array of this size, a multiple of every unit size. */
    private static final int SWAP_CHUNK = 8192;

    private final ByteBuf buf;
    private final OutputStream stream;
    private final boolean bigEndian;
    private byte[] scratch;

    private ByteSink(ByteBuf buf, OutputStream stream, boolean bigEndian) {
        this.buf = buf;
        this.stream = stream;
        this.bigEndian = bigEndian;
    }

    /** Appends to {@code target}; closing does not release it. */
    static ByteSink into(ByteBuf target, boolean bigEndian) {
        return new ByteSink(target, null, bigEndian);
    }

    /** Writes to {@code out} through a staging buffer; call {@link #flush()} when done, {@link #close()} always. */
    static ByteSink streaming(OutputStream out, boolean bigEndian) {
        return new ByteSink(Unpooled.buffer(STAGING_SIZE), out, bigEndian);
    }

    boolean bigEndian() {
        return bigEndian;
    }

    void writeTag(int tag) throws IOException {
        writeShort(tag >>> 16);
        writeShort(tag);
    }

    void writeShort(int value) throws IOException {
        if (bigEndian) {
            buf.writeShort(value);
        } else {
            buf.writeShortLE(value);
        }
        flushIfFull();
    }

    void writeInt(int value) throws IOException {
        if (bigEndian) {
            buf.writeInt(value);
        } else {
            buf.writeIntLE(value);
        }
        flushIfFull();
    }

    /** Two ASCII characters as they appear on the wire, whatever the byte order. */
    void writeVR(int code) throws IOException {
        buf.writeShort(code);
        flushIfFull();
    }

    void writeByte(int value) throws IOException {
        buf.writeByte(value);
        flushIfFull();
    }

    void writeBytes(byte[] value) throws IOException {
        writeBytes(value, 0, value.length);
    }

    void writeBytes(byte[] value, int offset, int length) throws IOException {
        if (stream != null && length >= STAGING_SIZE / 2) {
            flush();
            stream.write(value, offset, length);
        } else {
            buf.writeBytes(value, offset, length);
            flushIfFull();
        }
    }

    /**
     * Writes a little-endian value with each {@code unit}-byte number reversed, for big endian
     * syntaxes. Works through a scratch copy: the dataset's own bytes are never changed.
     */
    void writeSwapped(byte[] value, int unit) throws IOException {
        if (scratch == null) {
            scratch = new byte[SWAP_CHUNK];
        }
        for (int offset = 0; offset < value.length; offset += SWAP_CHUNK) {
            int length = Math.min(SWAP_CHUNK, value.length - offset);
            System.arraycopy(value, offset, scratch, 0, length);
            ByteOrder.swap(scratch, 0, length, unit);
            writeBytes(scratch, 0, length);
        }
    }

    private void flushIfFull() throws IOException {
        if (stream != null && buf.readableBytes() >= STAGING_SIZE) {
            flush();
        }
    }

    void flush() throws IOException {
        if (stream != null && buf.isReadable()) {
            buf.readBytes(stream, buf.readableBytes());
            buf.clear();
        }
    }

    /** Releases the staging buffer; what was not {@link #flush() flushed} is dropped. */
    @Override
    public void close() {
        if (stream != null && buf.refCnt() > 0) {
            buf.release();
        }
    }
}
