package io.sagitta.core.io;

import io.sagitta.core.data.BulkData;
import io.sagitta.core.data.Dataset;
import io.sagitta.core.data.Fragments;
import io.sagitta.core.data.Sequence;
import io.sagitta.core.data.Tags;
import io.sagitta.core.data.VR;
import java.io.IOException;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * One encoding of one dataset (PS3.5 sections 7.1, 7.5 and A.4): element headers for implicit or
 * explicit VR, values padded to even length, sequences and items with defined or undefined
 * length, encapsulated Pixel Data as fragment items. Byte order is the sink's business.
 *
 * <p>Defined lengths are found without encoding twice: before a top-level sequence is written,
 * one pass measures it and records the length of the sequence and of every item inside it, in
 * the order the encoder will meet them; the encoder then reads them back in turn. Each element is
 * measured once, so deep nesting stays linear.
 */
final class DatasetEncoder {

    private static final int ITEM = 0xFFFEE000;
    private static final int ITEM_DELIMITATION = 0xFFFEE00D;
    private static final int SEQUENCE_DELIMITATION = 0xFFFEE0DD;
    private static final int UNDEFINED_LENGTH = 0xFFFFFFFF;
    /** The largest even value a 16-bit length field can hold (PS3.5 section 7.1.2). */
    private static final int MAX_SHORT_LENGTH = 0xFFFE;
    /** 0xFFFFFFFF means undefined, so a defined length stops one short of it. */
    private static final long MAX_DEFINED_LENGTH = 0xFFFFFFFEL;

    private final ByteSink sink;
    private final boolean explicitVR;
    private final boolean definedLengths;
    private final boolean keepGroupLengths;
    private final Function<BulkData, byte[]> bulkDataResolver;

    /** Defined lengths of one top-level sequence's sequences and items, in encoding order. */
    private long[] lengths = new long[16];
    private int lengthCount;
    private int lengthCursor;
    /** Bulk data resolved while measuring, so the resolver is asked once per value. */
    private final Map<BulkData, byte[]> resolved = new IdentityHashMap<>();
    private int depth;

    DatasetEncoder(ByteSink sink, boolean explicitVR, DatasetWriterOptions options) {
        this.sink = sink;
        this.explicitVR = explicitVR;
        this.definedLengths = options.definedLengthSequences();
        this.keepGroupLengths = options.keepGroupLengths();
        this.bulkDataResolver = options.bulkDataResolver();
    }

    /**
     * Writes the elements of {@code dataset}, leaving out the File Meta Information group when
     * {@code skipFileMeta} is set (a Part 10 file carries it separately, always explicit VR LE).
     */
    void write(Dataset dataset, boolean skipFileMeta) throws IOException {
        for (int i = 0; i < dataset.size(); i++) {
            int tag = dataset.tagAt(i);
            if (skipFileMeta && Tags.group(tag) == 0x0002) {
                continue;
            }
            writeElement(tag, dataset.vrAt(i), dataset.valueAt(i));
        }
    }

    private boolean skipped(int tag) {
        // Group lengths of the command group (DIMSE) and file meta group are required; the others
        // are retired and usually stale after an edit.
        int group = Tags.group(tag);
        return !keepGroupLengths && Tags.isGroupLength(tag) && group != 0x0000 && group != 0x0002;
    }

    private void writeElement(int tag, VR vr, Object value) throws IOException {
        if (skipped(tag)) {
            return;
        }
        if (vr == null) {
            throw new IllegalArgumentException("element " + Tags.toString(tag) + " has no VR");
        }
        if (value instanceof Sequence) {
            writeSequence(tag, (Sequence) value);
        } else if (value instanceof Fragments) {
            writeFragments(tag, vr, (Fragments) value);
        } else {
            writeValue(tag, vr, bytesOf(tag, value));
        }
    }

    private void writeValue(int tag, VR vr, byte[] value) throws IOException {
        int padded = value.length + (value.length & 1);
        VR written = writtenVR(vr, padded);
        writeHeader(tag, written, padded);
        if (sink.bigEndian() && written.unitSize() > 1) {
            sink.writeSwapped(value, written.unitSize());
        } else {
            sink.writeBytes(value);
        }
        if ((value.length & 1) != 0) {
            sink.writeByte(vr.paddingByte());
        }
    }

    /**
     * The VR to put in an explicit header. PS3.5 section 6.2.2 (CP-1066): a value too long for
     * the 16-bit length field of its VR is encoded with VR UN, whose length field is 32 bits. A
     * UN value is little endian whatever the transfer syntax, so it is then never swapped.
     */
    private VR writtenVR(VR vr, int paddedLength) {
        return explicitVR && !vr.hasLongHeader() && paddedLength > MAX_SHORT_LENGTH ? VR.UN : vr;
    }

    private void writeHeader(int tag, VR vr, int length) throws IOException {
        sink.writeTag(tag);
        if (!explicitVR) {
            sink.writeInt(length);
        } else if (vr.hasLongHeader()) {
            sink.writeVR(vr.code);
            sink.writeShort(0);
            sink.writeInt(length);
        } else {
            sink.writeVR(vr.code);
            sink.writeShort(length);
        }
    }

    private void writeSequence(int tag, Sequence sequence) throws IOException {
        if (definedLengths && depth == 0) {
            lengthCount = 0;
            lengthCursor = 0;
            measureSequence(sequence);
        }
        depth++;
        try {
            // Always SQ, even for a sequence that was read from a UN element (PS3.5 6.2.2, CP-246).
            writeHeader(tag, VR.SQ, definedLengths ? nextLength() : UNDEFINED_LENGTH);
            for (Dataset item : sequence) {
                sink.writeTag(ITEM);
                sink.writeInt(definedLengths ? nextLength() : UNDEFINED_LENGTH);
                write(item, false);
                if (!definedLengths) {
                    sink.writeTag(ITEM_DELIMITATION);
                    sink.writeInt(0);
                }
            }
            if (!definedLengths) {
                sink.writeTag(SEQUENCE_DELIMITATION);
                sink.writeInt(0);
            }
        } finally {
            depth--;
            if (depth == 0) {
                resolved.clear();
            }
        }
    }

    /** PS3.5 A.4: undefined length, one item per fragment (Basic Offset Table first), then a delimiter. */
    private void writeFragments(int tag, VR vr, Fragments fragments) throws IOException {
        if (!explicitVR) {
            throw new IllegalArgumentException("encapsulated Pixel Data " + Tags.toString(tag)
                + " needs an explicit VR transfer syntax; implicit VR little endian cannot carry it (PS3.5 A.4)");
        }
        writeHeader(tag, fragmentsVR(vr), UNDEFINED_LENGTH);
        for (Object fragment : fragments) {
            byte[] bytes = bytesOf(tag, fragment);
            sink.writeTag(ITEM);
            sink.writeInt(bytes.length + (bytes.length & 1));
            // Fragments are OB: a byte stream in every transfer syntax, never swapped.
            sink.writeBytes(bytes);
            if ((bytes.length & 1) != 0) {
                sink.writeByte(0);
            }
        }
        sink.writeTag(SEQUENCE_DELIMITATION);
        sink.writeInt(0);
    }

    /** Encapsulated Pixel Data is OB (PS3.5 A.4); OW is tolerated, anything else would need a 16-bit length. */
    private static VR fragmentsVR(VR vr) {
        return vr == VR.OW ? VR.OW : VR.OB;
    }

    private byte[] bytesOf(int tag, Object value) {
        if (value instanceof byte[]) {
            return (byte[]) value;
        }
        BulkData bulk = (BulkData) value;
        byte[] bytes = resolved.get(bulk);
        if (bytes == null) {
            bytes = resolve(tag, bulk);
        }
        return bytes;
    }

    private byte[] resolve(int tag, BulkData bulk) {
        if (bulkDataResolver == null) {
            throw new IllegalArgumentException("element " + Tags.toString(tag)
                + " is bulk data not held in memory (" + bulk + "); give the writer a bulk data resolver");
        }
        byte[] bytes = bulkDataResolver.apply(bulk);
        if (bytes == null) {
            throw new IllegalArgumentException("the bulk data resolver has no bytes for element "
                + Tags.toString(tag) + " (" + bulk + ")");
        }
        return bytes;
    }

    private int nextLength() {
        return (int) lengths[lengthCursor++];
    }

    // ------------------------------------------------------------------ measuring pass

    /** Records the length of the sequence, then of each item, in encoding order; returns the sequence's value length. */
    private long measureSequence(Sequence sequence) {
        int sequenceSlot = reserveLength();
        long length = 0;
        for (Dataset item : sequence) {
            int itemSlot = reserveLength();
            long itemLength = measureItem(item);
            lengths[itemSlot] = checkedLength(itemLength, "an item");
            length += 8 + itemLength;
        }
        lengths[sequenceSlot] = checkedLength(length, "a sequence");
        return length;
    }

    private long measureItem(Dataset item) {
        long length = 0;
        for (int i = 0; i < item.size(); i++) {
            int tag = item.tagAt(i);
            if (!skipped(tag)) {
                length += measureElement(tag, item.vrAt(i), item.valueAt(i));
            }
        }
        return length;
    }

    /** The encoded size of one element, header included, exactly as {@link #writeElement} writes it. */
    private long measureElement(int tag, VR vr, Object value) {
        if (vr == null) {
            throw new IllegalArgumentException("element " + Tags.toString(tag) + " has no VR");
        }
        if (value instanceof Sequence) {
            return headerLength(VR.SQ) + measureSequence((Sequence) value);
        }
        if (value instanceof Fragments) {
            long length = headerLength(fragmentsVR(vr)) + 8;
            for (Object fragment : (Fragments) value) {
                int size = measuredBytes(tag, fragment).length;
                length += 8 + size + (size & 1);
            }
            return length;
        }
        int size = measuredBytes(tag, value).length;
        int padded = size + (size & 1);
        return headerLength(writtenVR(vr, padded)) + padded;
    }

    private byte[] measuredBytes(int tag, Object value) {
        if (value instanceof BulkData) {
            return resolved.computeIfAbsent((BulkData) value, bulk -> resolve(tag, bulk));
        }
        return (byte[]) value;
    }

    private int headerLength(VR vr) {
        return explicitVR && vr.hasLongHeader() ? 12 : 8;
    }

    private int reserveLength() {
        if (lengthCount == lengths.length) {
            lengths = Arrays.copyOf(lengths, lengthCount * 2);
        }
        return lengthCount++;
    }

    private static long checkedLength(long length, String what) {
        if (length > MAX_DEFINED_LENGTH) {
            throw new IllegalArgumentException(what + " of " + length
                + " bytes is too long for a defined length; write sequences with undefined length");
        }
        return length;
    }
}
