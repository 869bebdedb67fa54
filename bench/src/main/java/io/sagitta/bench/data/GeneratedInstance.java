package io.sagitta.bench.data;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * One synthetic instance, encoded in explicit VR little endian: the File Meta Information (with the
 * preamble), the data set up to and including the Pixel Data element header, then the pixels, which
 * are shared by every instance of a run and never copied.
 */
public record GeneratedInstance(String studyUid, String seriesUid, String sopInstanceUid, String sopClassUid,
                                byte[] fileMeta, byte[] header, byte[] pixels) {

    /** Length of the data set alone, as C-STORE sends it. */
    public long datasetLength() {
        return (long) header.length + pixels.length;
    }

    /** Length of the Part 10 file, as STOW-RS sends it. */
    public long part10Length() {
        return fileMeta.length + datasetLength();
    }

    /** The data set as buffers wrapping the arrays (the pixel array is shared: never written to). */
    public ByteBuf[] datasetBuffers() {
        return new ByteBuf[] {Unpooled.wrappedBuffer(header), Unpooled.wrappedBuffer(pixels)};
    }

    /** The Part 10 file as buffers wrapping the arrays. */
    public ByteBuf[] part10Buffers() {
        return new ByteBuf[] {Unpooled.wrappedBuffer(fileMeta), Unpooled.wrappedBuffer(header),
            Unpooled.wrappedBuffer(pixels)};
    }

    /** The whole Part 10 file in one new array (for tests and samples). */
    public byte[] part10Bytes() {
        byte[] out = new byte[Math.toIntExact(part10Length())];
        System.arraycopy(fileMeta, 0, out, 0, fileMeta.length);
        System.arraycopy(header, 0, out, fileMeta.length, header.length);
        System.arraycopy(pixels, 0, out, fileMeta.length + header.length, pixels.length);
        return out;
    }
}
