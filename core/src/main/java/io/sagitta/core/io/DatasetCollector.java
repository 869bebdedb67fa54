package io.sagitta.core.io;

import io.netty.buffer.ByteBuf;
import io.sagitta.core.data.BulkData;
import io.sagitta.core.data.ByteOrder;
import io.sagitta.core.data.Dataset;
import io.sagitta.core.data.Fragments;
import io.sagitta.core.data.Sequence;
import io.sagitta.core.data.TransferSyntax;
import io.sagitta.core.data.VR;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * Builds a {@link Dataset} from parser events.
 *
 * <p>Streamed values (Pixel Data and values above the bulk threshold) are either kept in memory,
 * which is what a dump or a test wants, or recorded as {@link BulkData} byte ranges of the source
 * stream, which is what the archive wants: the bytes are already in the blob store. Kept values grow
 * with the bytes that actually arrive, never with the length a header claims.
 */
public final class DatasetCollector implements DicomStreamHandler {

    /** What to do with values that arrive in chunks. */
    public enum BulkValues {
        /** Keep the bytes in the dataset. */
        KEEP,
        /** Record where they are ({@link BulkData#ofRange}) and drop them. */
        REFERENCE
    }

    private static final byte[] EMPTY = new byte[0];
    /** Elements the root starts with room for: an image header has 100-150 top-level elements. */
    private static final int ROOT_CAPACITY = 128;

    private final BulkValues bulkValues;
    private final Dataset root;
    private final ArrayDeque<Sequence> sequences = new ArrayDeque<>();
    /** For each open sequence, whether it is UN of undefined length, whose contents are little endian. */
    private final ArrayDeque<Boolean> unknownSequences = new ArrayDeque<>();
    private int littleEndianDepth;
    private Dataset current;
    private Dataset fileMeta;
    private TransferSyntax syntax;
    private boolean complete;

    /** The value or fragment being streamed in. */
    private int streamTag;
    private VR streamVR;
    private long streamOffset;
    private long streamLength;
    private byte[] streamBytes;
    private int streamSize;
    private boolean streamKept;
    private Fragments fragments;

    public DatasetCollector(BulkValues bulkValues) {
        this.bulkValues = bulkValues;
        this.root = new Dataset(ROOT_CAPACITY);
        this.current = root;
    }

    /** The dataset built so far (complete once {@link #isComplete()}). */
    public Dataset dataset() {
        return root;
    }

    /** The File Meta Information, or null for a bare dataset. */
    public Dataset fileMeta() {
        return fileMeta;
    }

    /** The transfer syntax of the dataset, once known. */
    public TransferSyntax transferSyntax() {
        return syntax;
    }

    public boolean isComplete() {
        return complete;
    }

    @Override
    public void datasetStart(Dataset meta, TransferSyntax transferSyntax) {
        this.fileMeta = meta;
        this.syntax = transferSyntax;
    }

    @Override
    public void element(int tag, VR vr, ByteBuf value) {
        byte[] bytes = new byte[value.readableBytes()];
        value.getBytes(value.readerIndex(), bytes);
        current.append(tag, vr, bytes);
    }

    @Override
    public void valueStart(int tag, VR vr, long length, long offset, boolean skipped) {
        streamTag = tag;
        streamVR = vr;
        beginStream(offset, length, skipped);
    }

    @Override
    public void valueChunk(ByteBuf chunk) {
        if (!streamKept) {
            return;
        }
        int n = chunk.readableBytes();
        if (streamSize + n > streamBytes.length) {
            // Grow with what arrives, never past the declared length: a whole value arriving in one chunk
            // costs one exact allocation, a hostile length costs nothing until its bytes come.
            long grown = Math.min(Math.max((long) streamBytes.length * 2, (long) streamSize + n),
                Math.max(streamLength, (long) streamSize + n));
            if (grown > Integer.MAX_VALUE - 8) {
                throw new DicomParseException("value of " + io.sagitta.core.data.Tags.toString(streamTag)
                    + " is too large to keep in memory", streamOffset + streamSize);
            }
            streamBytes = Arrays.copyOf(streamBytes, (int) grown);
        }
        chunk.getBytes(chunk.readerIndex(), streamBytes, streamSize, n);
        streamSize += n;
    }

    @Override
    public void valueEnd() {
        current.setValue(streamTag, streamVR, endStream(streamVR));
    }

    @Override
    public void sequenceStart(int tag, VR vr, long length) {
        sequences.push(current.newSequence(tag));
        unknownSequences.push(vr == VR.UN);
        if (vr == VR.UN) {
            littleEndianDepth++;
        }
    }

    @Override
    public void itemStart(long length) {
        current = sequences.peek().addItem();
    }

    @Override
    public void itemEnd() {
        current = sequences.peek().parent();
    }

    @Override
    public void sequenceEnd() {
        sequences.pop();
        if (unknownSequences.pop()) {
            littleEndianDepth--;
        }
    }

    @Override
    public void fragmentsStart(int tag, VR vr, long offset) {
        fragments = new Fragments(vr);
        current.setValue(tag, vr, fragments);
    }

    @Override
    public void fragmentStart(int index, long length, long offset, boolean skipped) {
        beginStream(offset, length, skipped);
    }

    @Override
    public void fragmentEnd() {
        // Fragments are byte streams: no swapping, whatever the syntax.
        fragments.add(endStream(VR.OB));
    }

    @Override
    public void fragmentsEnd() {
        fragments = null;
    }

    @Override
    public void end() {
        complete = true;
    }

    private void beginStream(long offset, long length, boolean skipped) {
        streamOffset = offset;
        streamLength = length;
        streamKept = bulkValues == BulkValues.KEEP && !skipped;
        streamSize = 0;
        // Allocate as bytes arrive: a header may claim far more bytes than the input holds.
        streamBytes = streamKept ? EMPTY : null;
    }

    private Object endStream(VR vr) {
        if (!streamKept) {
            return BulkData.ofRange(streamOffset, streamLength);
        }
        byte[] bytes = streamSize == streamBytes.length ? streamBytes : Arrays.copyOf(streamBytes, streamSize);
        streamBytes = null;
        // Inside UN of undefined length everything is implicit VR little endian (PS3.5 6.2.2).
        if (syntax != null && syntax.bigEndian() && littleEndianDepth == 0 && vr.unitSize() > 1) {
            ByteOrder.swap(bytes, 0, bytes.length, vr.unitSize());
        }
        return bytes;
    }
}
