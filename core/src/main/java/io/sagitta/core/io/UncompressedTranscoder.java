package io.sagitta.core.io;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.sagitta.core.data.Dataset;
import io.sagitta.core.data.TransferSyntax;
import io.sagitta.core.data.VR;

/**
 * Re-encodes an uncompressed data set (implicit or explicit VR little endian, explicit VR big endian) as implicit or
 * explicit VR little endian, chunk by chunk: each chunk fed in is parsed and the elements it completes come out
 * re-encoded, so an instance of any size passes through a bounded amount of memory (Pixel Data and long values
 * stream through, swapped to little endian when the source is big endian).
 *
 * <ul>
 *   <li>VRs: explicit output uses the VR of the source, or for implicit input the dictionary's (UN for unknown
 *       tags); a value too long for a short-header VR is written as UN.</li>
 *   <li>Sequences and items are written with undefined length (their lengths would need the whole of them
 *       first); group lengths (gggg,0000) are dropped, being retired and no longer right.</li>
 *   <li>Encapsulated Pixel Data and deflated input are not handled ({@link #canTranscode} says which pairs are).</li>
 * </ul>
 *
 * <p>Not thread-safe; one instance per data set. Input buffers stay the caller's.
 */
public final class UncompressedTranscoder implements AutoCloseable {

    private static final int ITEM = 0xFFFEE000;
    private static final int ITEM_DELIMITATION = 0xFFFEE00D;
    private static final int SEQUENCE_DELIMITATION = 0xFFFEE0DD;

    private final DicomParser parser;
    private final Encoder encoder;
    private final ByteBufAllocator alloc;

    private UncompressedTranscoder(DicomParserOptions input, TransferSyntax target, byte[] header,
                                   ByteBufAllocator alloc) {
        if (!target.isNative() || target.deflated() || target.bigEndian()) {
            throw new IllegalArgumentException("cannot transcode to " + target);
        }
        this.alloc = alloc;
        this.encoder = new Encoder(target.explicitVR(), header);
        this.parser = new DicomParser(input.pixelData(DicomParserOptions.PixelData.STREAM), encoder);
    }

    /** True when a data set stored in {@code source} can be sent as {@code target} by this transcoder. */
    public static boolean canTranscode(String source, String target) {
        TransferSyntax from = TransferSyntax.of(source);
        TransferSyntax to = TransferSyntax.of(target);
        return uncompressed(from) && uncompressed(to) && !to.bigEndian();
    }

    private static boolean uncompressed(TransferSyntax ts) {
        return ts.equals(TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN) || ts.equals(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN)
            || ts.equals(TransferSyntax.EXPLICIT_VR_BIG_ENDIAN);
    }

    /** For a bare data set in {@code source}, as sent over DIMSE. */
    public static UncompressedTranscoder ofDataset(TransferSyntax source, TransferSyntax target, ByteBufAllocator alloc) {
        return new UncompressedTranscoder(DicomParserOptions.create().input(DicomParserOptions.Input.DATASET)
            .datasetSyntax(source), target, null, alloc);
    }

    /**
     * For a Part 10 file: its File Meta Information is dropped and {@code header} (the new preamble and File
     * Meta Information, naming {@code target}) written in its place.
     */
    public static UncompressedTranscoder ofPart10(TransferSyntax target, byte[] header, ByteBufAllocator alloc) {
        return new UncompressedTranscoder(DicomParserOptions.create().input(DicomParserOptions.Input.PART10), target,
            header, alloc);
    }

    /**
     * Parses {@code in} (not released) and returns what it completed, re-encoded; the caller owns the result,
     * which may be empty.
     *
     * @throws DicomParseException when the input is not an uncompressed data set
     */
    public ByteBuf feed(ByteBuf in) {
        encoder.out = alloc.buffer(in.readableBytes() + 256);
        try {
            parser.feed(in);
            return encoder.out;
        } catch (RuntimeException e) {
            encoder.out.release();
            throw e;
        } finally {
            encoder.out = null;
        }
    }

    /** The input has ended: returns the rest (caller owns it). @throws DicomParseException when it ended early */
    public ByteBuf finish() {
        encoder.out = alloc.buffer(256);
        try {
            parser.finish();
            return encoder.out;
        } catch (RuntimeException e) {
            encoder.out.release();
            throw e;
        } finally {
            encoder.out = null;
        }
    }

    @Override
    public void close() {
        parser.close();
    }

    /** Writes the parser's events in the target encoding into {@link #out}. */
    private static final class Encoder implements DicomStreamHandler {
        private final boolean explicit;
        private final byte[] header;
        ByteBuf out;
        private boolean swap;
        /** Size of the units of the streamed value to swap (1: none). */
        private int unit = 1;
        /** Bytes of a unit split between two chunks. */
        private final byte[] carry = new byte[8];
        private int carried;

        Encoder(boolean explicit, byte[] header) {
            this.explicit = explicit;
            this.header = header;
        }

        @Override
        public void datasetStart(Dataset fileMeta, TransferSyntax syntax) {
            if (syntax.encapsulated() || syntax.deflated()) {
                throw new DicomParseException("cannot transcode from " + syntax, 0);
            }
            swap = syntax.bigEndian();
            if (header != null) {
                out.writeBytes(header);
            }
        }

        @Override
        public void element(int tag, VR vr, ByteBuf value) {
            if (skipped(tag)) {
                return;
            }
            header(tag, vr, value.readableBytes());
            out.writeBytes(value, value.readerIndex(), value.readableBytes());
        }

        @Override
        public void valueStart(int tag, VR vr, long length, long offset, boolean skippedValue) {
            header(tag, vr, length);
            unit = swap ? Math.max(1, vr.unitSize()) : 1;
            carried = 0;
        }

        @Override
        public void valueChunk(ByteBuf chunk) {
            if (unit == 1) {
                out.writeBytes(chunk, chunk.readerIndex(), chunk.readableBytes());
                return;
            }
            // Big endian source: reverse each unit, carrying a unit split between chunks to the next one.
            int at = chunk.readerIndex();
            int end = chunk.writerIndex();
            while (at < end) {
                carry[carried++] = chunk.getByte(at++);
                if (carried == unit) {
                    for (int i = unit - 1; i >= 0; i--) {
                        out.writeByte(carry[i]);
                    }
                    carried = 0;
                }
            }
        }

        @Override
        public void valueEnd() {
            // An odd trailing byte cannot be swapped: it is written as it came.
            out.writeBytes(carry, 0, carried);
            carried = 0;
            unit = 1;
        }

        @Override
        public void sequenceStart(int tag, VR vr, long length) {
            // UN of undefined length arrives here parsed as items: written as the sequence it is.
            tag(tag);
            if (explicit) {
                out.writeShort(VR.SQ.code).writeShort(0);
            }
            out.writeIntLE(-1);
        }

        @Override
        public void itemStart(long length) {
            tag(ITEM);
            out.writeIntLE(-1);
        }

        @Override
        public void itemEnd() {
            tag(ITEM_DELIMITATION);
            out.writeIntLE(0);
        }

        @Override
        public void sequenceEnd() {
            tag(SEQUENCE_DELIMITATION);
            out.writeIntLE(0);
        }

        @Override
        public void fragmentsStart(int tag, VR vr, long offset) {
            throw new DicomParseException("encapsulated Pixel Data cannot be transcoded here", offset);
        }

        /** File Meta Information and group lengths are not copied. */
        private static boolean skipped(int tag) {
            return tag >>> 16 == 0x0002 || (tag & 0xFFFF) == 0;
        }

        private void tag(int tag) {
            out.writeShortLE(tag >>> 16).writeShortLE(tag & 0xFFFF);
        }

        private void header(int tag, VR vr, long length) {
            tag(tag);
            if (!explicit) {
                out.writeIntLE((int) length);
                return;
            }
            if (!vr.hasLongHeader() && length > 0xFFFF) {
                vr = VR.UN;
            }
            out.writeShort(vr.code);
            if (vr.hasLongHeader()) {
                out.writeShort(0).writeIntLE((int) length);
            } else {
                out.writeShortLE((int) length);
            }
        }
    }
}
