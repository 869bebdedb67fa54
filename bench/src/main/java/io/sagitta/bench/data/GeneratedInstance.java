package io.sagitta.bench.data;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * One synthetic instance, encoded in explicit VR little endian: the File Meta Information (with the
 * preamble), the data set up to and including the Pixel Data element header, then {@code frames}
 * times the same frame, which is shared by every instance of a run and never copied (so a
 * multi-gigabyte instance costs one frame of memory).
 */
public record GeneratedInstance(String studyUid, String seriesUid, String sopInstanceUid, String sopClassUid,
                                byte[] fileMeta, byte[] header, byte[] pixels, int frames) {

    /** Length of the data set alone, as C-STORE sends it. */
    public long datasetLength() {
        return header.length + (long) pixels.length * frames;
    }

    /** Length of the Part 10 file, as STOW-RS sends it. */
    public long part10Length() {
        return fileMeta.length + datasetLength();
    }

    /** The data set as buffers wrapping the arrays (the pixel array is shared: never written to). */
    public ByteBuf[] datasetBuffers() {
        ByteBuf[] out = new ByteBuf[1 + frames];
        out[0] = Unpooled.wrappedBuffer(header);
        for (int f = 0; f < frames; f++) {
            out[1 + f] = Unpooled.wrappedBuffer(pixels);
        }
        return out;
    }

    /** The Part 10 file as buffers wrapping the arrays. */
    public ByteBuf[] part10Buffers() {
        ByteBuf[] dataset = datasetBuffers();
        ByteBuf[] out = new ByteBuf[1 + dataset.length];
        out[0] = Unpooled.wrappedBuffer(fileMeta);
        System.arraycopy(dataset, 0, out, 1, dataset.length);
        return out;
    }

    /** The whole Part 10 file in one new array (for tests and samples; fails above 2 GiB). */
    public byte[] part10Bytes() {
        byte[] out = new byte[Math.toIntExact(part10Length())];
        System.arraycopy(fileMeta, 0, out, 0, fileMeta.length);
        System.arraycopy(header, 0, out, fileMeta.length, header.length);
        for (int f = 0; f < frames; f++) {
            System.arraycopy(pixels, 0, out, fileMeta.length + header.length + f * pixels.length, pixels.length);
        }
        return out;
    }
}
