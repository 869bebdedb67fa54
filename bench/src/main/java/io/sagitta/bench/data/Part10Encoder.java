package io.sagitta.bench.data;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.sagitta.core.data.Dataset;
import io.sagitta.core.data.Sequence;
import io.sagitta.core.data.Tag;
import io.sagitta.core.data.UID;
import io.sagitta.core.data.VR;
import java.nio.charset.StandardCharsets;

/**
 * A deliberately small Part 10 encoder for benchmark inputs: explicit VR little endian, defined
 * lengths everywhere, values written as the {@link Dataset} holds them. It exists so that the
 * benchmarks do not depend on the real writer; it is not a general writer (no bulk data, fragments,
 * big endian or deflate) and refuses what it cannot write.
 */
public final class Part10Encoder {

    /** Fills {@code length} bytes of Pixel Data at {@code offset} of {@code out}. */
    @FunctionalInterface
    public interface PixelSource {
        void fill(byte[] out, int offset, int length);
    }

    private static final String IMPLEMENTATION_CLASS_UID = "2.25.300171465392311652839911092187634567";
    private static final String IMPLEMENTATION_VERSION = "SAGITTA_BENCH";
    private static final int PREAMBLE = 128;

    private Part10Encoder() {
    }

    /**
     * Encodes a Part 10 file: preamble, File Meta Information, {@code dataset}, then a top-level
     * Pixel Data (OW) element of {@code pixelLength} bytes filled by {@code pixels}. The dataset's
     * own elements must all sort before Pixel Data.
     */
    public static byte[] encode(Dataset dataset, int pixelLength, PixelSource pixels) {
        if ((pixelLength & 1) != 0) {
            throw new IllegalArgumentException("Pixel Data length must be even: " + pixelLength);
        }
        ByteBuf head = Unpooled.buffer(16 * 1024);
        try {
            head.writeZero(PREAMBLE);
            head.writeBytes("DICM".getBytes(StandardCharsets.US_ASCII));
            writeElements(head, fileMeta(dataset));
            writeElements(head, dataset);
            writeHeader(head, Tag.PixelData, VR.OW, pixelLength);
            byte[] out = new byte[Math.addExact(head.readableBytes(), pixelLength)];
            int headLength = head.readableBytes();
            head.readBytes(out, 0, headLength);
            pixels.fill(out, headLength, pixelLength);
            return out;
        } finally {
            head.release();
        }
    }

    /** The meta group of an explicit VR little endian file of {@code dataset}, with its group length. */
    private static Dataset fileMeta(Dataset dataset) {
        Dataset meta = new Dataset(8);
        meta.setBytes(Tag.FileMetaInformationVersion, VR.OB, new byte[] {0, 1});
        meta.setString(Tag.MediaStorageSOPClassUID, VR.UI, dataset.getString(Tag.SOPClassUID));
        meta.setString(Tag.MediaStorageSOPInstanceUID, VR.UI, dataset.getString(Tag.SOPInstanceUID));
        meta.setString(Tag.TransferSyntaxUID, VR.UI, UID.ExplicitVRLittleEndian);
        meta.setString(Tag.ImplementationClassUID, VR.UI, IMPLEMENTATION_CLASS_UID);
        meta.setString(Tag.ImplementationVersionName, VR.SH, IMPLEMENTATION_VERSION);
        ByteBuf probe = Unpooled.buffer(256);
        try {
            writeElements(probe, meta);
            meta.setInt(Tag.FileMetaInformationGroupLength, VR.UL, probe.readableBytes());
        } finally {
            probe.release();
        }
        return meta;
    }

    private static void writeElements(ByteBuf out, Dataset dataset) {
        for (int i = 0; i < dataset.size(); i++) {
            int tag = dataset.tagAt(i);
            VR vr = dataset.vrAt(i);
            Object value = dataset.valueAt(i);
            if (Integer.compareUnsigned(tag, Tag.PixelData) >= 0) {
                throw new IllegalArgumentException("the dataset must stop before Pixel Data");
            }
            if (value instanceof byte[]) {
                byte[] bytes = (byte[]) value;
                if ((bytes.length & 1) != 0) {
                    throw new IllegalArgumentException("odd-length value in " + Integer.toHexString(tag));
                }
                writeHeader(out, tag, vr, bytes.length);
                out.writeBytes(bytes);
            } else if (value instanceof Sequence) {
                writeSequence(out, tag, (Sequence) value);
            } else {
                throw new IllegalArgumentException("cannot encode " + value + " in " + Integer.toHexString(tag));
            }
        }
    }

    /** A sequence of defined length whose items have defined lengths too: lengths are patched in afterwards. */
    private static void writeSequence(ByteBuf out, int tag, Sequence sequence) {
        writeHeader(out, tag, VR.SQ, 0);
        int sequenceLengthAt = out.writerIndex() - 4;
        for (Dataset item : sequence) {
            writeTag(out, Tag.Item);
            int itemLengthAt = out.writerIndex();
            out.writeIntLE(0);
            writeElements(out, item);
            out.setIntLE(itemLengthAt, out.writerIndex() - itemLengthAt - 4);
        }
        out.setIntLE(sequenceLengthAt, out.writerIndex() - sequenceLengthAt - 4);
    }

    private static void writeHeader(ByteBuf out, int tag, VR vr, int length) {
        writeTag(out, tag);
        out.writeShort(vr.code);
        if (vr.hasLongHeader()) {
            out.writeShort(0);
            out.writeIntLE(length);
        } else {
            if (length > 0xFFFF) {
                throw new IllegalArgumentException(vr + " value too long for a short header: " + length);
            }
            out.writeShortLE(length);
        }
    }

    private static void writeTag(ByteBuf out, int tag) {
        out.writeShortLE(tag >>> 16);
        out.writeShortLE(tag & 0xFFFF);
    }
}
