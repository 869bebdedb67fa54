package io.sagitta.core.io;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.sagitta.core.data.Dataset;
import io.sagitta.core.data.ElementDictionary;
import io.sagitta.core.data.Tag;
import io.sagitta.core.data.Tags;
import io.sagitta.core.data.TransferSyntax;
import io.sagitta.core.data.VR;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * An incremental DICOM parser: bytes are pushed in, in buffers of any size and any split, and
 * elements, sequence and item boundaries and value chunks come out to a {@link DicomStreamHandler}.
 * It never blocks and never waits: when the bytes for the next step are not there yet it keeps the
 * few it has and returns.
 *
 * <p>Memory stays bounded whatever the input: the parser holds at most one element header, one
 * value of up to the bulk threshold, or the 132 bytes of a Part 10 prefix. Longer values and all
 * Pixel Data go out in chunks straight from the caller's buffer. No allocation is ever sized by a
 * length read from the input.
 *
 * <p>Reads Part 10 files and bare datasets in implicit VR little endian, explicit VR little and big
 * endian, deflated explicit VR little endian and every encapsulated syntax; defined and undefined
 * lengths; nested sequences; UN of undefined length (parsed as implicit VR little endian items, as
 * PS3.5 section 6.2.2 requires); encapsulated Pixel Data. Anything else ends in a
 * {@link DicomParseException}, after which the parser accepts nothing more.
 *
 * <p>Not thread-safe: one parser per stream, fed by one thread at a time.
 */
public final class DicomParser {

    private enum State {
        /** Waiting for the 132-byte Part 10 prefix, or for enough bytes to recognise a bare dataset. */
        PREAMBLE,
        /** Reading the next element or item header. */
        HEADER,
        /** Collecting a value of at most the bulk threshold, to hand over whole. */
        VALUE,
        /** Passing a long value (or a fragment) on, chunk by chunk. */
        STREAM,
        /** Skipping a value (or a fragment) without looking at it. */
        SKIP,
        /** Finished or stopped: further input is ignored. */
        DONE,
        /** Failed: further input is refused. */
        FAILED
    }

    private enum FrameKind { SEQUENCE, ITEM, FRAGMENTS }

    /** An open sequence, item, or run of fragments, with where it ends and how its contents are encoded. */
    private static final class Frame {
        final FrameKind kind;
        final long end;
        final boolean explicitVR;
        final boolean bigEndian;
        final boolean skip;
        int fragments;

        Frame(FrameKind kind, long end, boolean explicitVR, boolean bigEndian, boolean skip) {
            this.kind = kind;
            this.end = end;
            this.explicitVR = explicitVR;
            this.bigEndian = bigEndian;
            this.skip = skip;
        }
    }

    private static final long UNDEFINED = 0xFFFFFFFFL;
    private static final int PREFIX = 132;
    private static final int INFLATE_CHUNK = 64 * 1024;
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private final DicomParserOptions options;
    private final DicomStreamHandler handler;

    private State state = State.PREAMBLE;
    /** Bytes consumed so far from the (inflated) stream. */
    private long position;
    /** Where the header being acted on starts: errors about an element point at its header. */
    private long headerPosition;
    /** A partial header or value carried from one input buffer to the next; null when none. */
    private ByteBuf carry;
    /** Bytes the current step needs, counted from the first unconsumed byte; set when a step runs short. */
    private int needed;

    private Frame[] frames = new Frame[8];
    private int depth;
    /** Encoding of the elements at the current level. */
    private boolean explicitVR = true;
    private boolean bigEndian;
    private TransferSyntax syntax;

    /** File Meta Information while it is being read, then kept for {@link #fileMeta()}. */
    private Dataset fileMeta;
    private boolean inFileMeta;
    /** Where the File Meta Information ends by its group length (0002,0000); -1 when not given. */
    private long fileMetaEnd = -1;
    /** Whether {@link DicomStreamHandler#datasetStart} has been called. */
    private boolean started;

    private Inflater inflater;
    private byte[] inflated;
    private boolean switchToInflate;

    /** The element whose value is being collected or streamed. */
    private int valueTag;
    private VR valueVR;
    private long remaining;
    private boolean inFragment;

    public DicomParser(DicomParserOptions options, DicomStreamHandler handler) {
        this.options = options;
        this.handler = handler;
        if (options.input() == DicomParserOptions.Input.DATASET) {
            useSyntax(options.datasetSyntax());
            state = State.HEADER;
            if (syntax.deflated()) {
                inflater = new Inflater(true);
            }
        }
    }

    /** The transfer syntax of the dataset, once known (after the File Meta Information), else null. */
    public TransferSyntax transferSyntax() {
        return syntax;
    }

    /** The File Meta Information of a Part 10 stream, once read; null for a bare dataset. */
    public Dataset fileMeta() {
        return fileMeta;
    }

    /** Bytes of the (inflated) stream consumed so far. */
    public long position() {
        return position;
    }

    /** True once the dataset has ended or the parser stopped at Pixel Data: more input is ignored. */
    public boolean isDone() {
        return state == State.DONE;
    }

    /**
     * Parses all readable bytes of {@code in}. The parser keeps no reference to {@code in} after
     * returning (it copies the few bytes of an incomplete header or short value); the caller still
     * owns and releases it.
     *
     * @throws DicomParseException when the input is not valid DICOM; the parser is then unusable
     */
    public void feed(ByteBuf in) {
        if (state == State.FAILED) {
            throw new IllegalStateException("parser has failed; it accepts no more input");
        }
        if (state == State.DONE) {
            in.skipBytes(in.readableBytes());
            return;
        }
        try {
            if (inflater != null) {
                inflate(in);
            } else {
                parseRaw(in);
            }
        } catch (DicomParseException e) {
            fail();
            throw e;
        }
    }

    /** Convenience for {@link #feed(ByteBuf)} on an array slice. */
    public void feed(byte[] bytes, int offset, int length) {
        feed(Unpooled.wrappedBuffer(bytes, offset, length));
    }

    /**
     * Says the input has ended. Completes the dataset, or fails if it was cut short.
     *
     * @throws DicomParseException when the input ended inside the prefix, a header, a value, an
     *     undefined-length sequence or item, or the deflated data
     */
    public void finish() {
        if (state == State.FAILED) {
            throw new IllegalStateException("parser has failed");
        }
        if (state == State.DONE) {
            return;
        }
        try {
            if (state == State.PREAMBLE) {
                if (options.input() == DicomParserOptions.Input.PART10 || carry == null || carry.readableBytes() < 8) {
                    throw new DicomParseException("not DICOM: input ends before a Part 10 prefix or a first element",
                        position);
                }
                // Shorter than a Part 10 prefix: it can only be a small bare dataset.
                ByteBuf rest = carry;
                carry = null;
                try {
                    detectBareInput(rest);
                    parseRaw(rest);
                } finally {
                    rest.release();
                }
            }
            if (inFileMeta && carryIsEmpty()) {
                endFileMeta();
                switchToInflate = false;
            }
            if (inflater != null && !inflater.finished()) {
                throw new DicomParseException("truncated: deflated data ends before its end marker", position);
            }
            closeEndedFrames();
            if (state != State.HEADER || !carryIsEmpty()) {
                throw new DicomParseException(truncation(), position);
            }
            if (depth > 0) {
                throw new DicomParseException("truncated: input ends inside " + describe(frames[depth - 1].kind),
                    position);
            }
            state = State.DONE;
            releaseResources();
            if (!started) {
                started = true;
                handler.datasetStart(fileMeta, syntax);
            }
            handler.end();
        } catch (DicomParseException e) {
            fail();
            throw e;
        }
    }

    /**
     * Abandons the stream (a dropped connection, a cancelled request): releases what the parser
     * holds. Idempotent; afterwards the parser accepts no more input.
     */
    public void close() {
        if (state != State.DONE) {
            fail();
        }
    }

    // ------------------------------------------------------------------ input plumbing

    /** Runs the state machine over {@code data}, topping up a carried partial step first. */
    private void parseRaw(ByteBuf data) {
        while (data.isReadable() && state != State.DONE) {
            if (!carryIsEmpty()) {
                int take = Math.min(needed - carry.readableBytes(), data.readableBytes());
                carry.writeBytes(data, take);
                if (carry.readableBytes() < needed) {
                    return;
                }
                step(carry);
                if (state == State.DONE) {
                    break; // stopped at Pixel Data: the carry is already released
                }
                if (switchToInflate) {
                    switchToInflate = false;
                    ByteBuf rest = carry;
                    carry = null;
                    inflate(rest);
                    rest.release();
                    inflate(data);
                    return;
                }
                if (carry.isReadable()) {
                    // The step consumed only part of what it asked for (e.g. a header before a short value).
                    continue;
                }
                carry.clear();
            } else {
                step(data);
                if (switchToInflate) {
                    switchToInflate = false;
                    inflate(data);
                    return;
                }
                if (data.isReadable() && state != State.DONE) {
                    keep(data);
                }
            }
        }
        if (state == State.DONE) {
            data.skipBytes(data.readableBytes());
        }
    }

    private void keep(ByteBuf data) {
        // Only what the current step needs: it never exceeds the bulk threshold or the prefix. The carry
        // grows with the bytes that arrive: `needed` may come from a hostile length.
        int take = Math.min(needed - (carry == null ? 0 : carry.readableBytes()), data.readableBytes());
        if (carry == null) {
            carry = Unpooled.buffer(Math.max(take, 16));
        }
        carry.writeBytes(data, take);
    }

    private boolean carryIsEmpty() {
        return carry == null || !carry.isReadable();
    }

    private void inflate(ByteBuf compressed) {
        if (inflated == null) {
            inflated = new byte[INFLATE_CHUNK];
        }
        inflater.setInput(compressed.nioBuffer());
        compressed.skipBytes(compressed.readableBytes());
        try {
            while (state != State.DONE) {
                int n = inflater.inflate(inflated);
                if (n > 0) {
                    parseRaw(Unpooled.wrappedBuffer(inflated, 0, n));
                } else if (inflater.needsInput() || inflater.finished()) {
                    break;
                } else if (inflater.needsDictionary()) {
                    throw new DicomParseException("deflated data asks for a preset dictionary", position);
                }
            }
        } catch (DataFormatException e) {
            throw new DicomParseException("corrupt deflated data: " + e.getMessage(), position);
        }
    }

    // ------------------------------------------------------------------ the state machine

    /** One pass of the state machine over {@code in}; returns when it needs more bytes, is done, or switches to inflating. */
    private void step(ByteBuf in) {
        while (true) {
            switch (state) {
                case PREAMBLE:
                    if (!readPrefix(in)) {
                        return;
                    }
                    break;
                case HEADER:
                    if (!readHeader(in) || switchToInflate) {
                        return;
                    }
                    break;
                case VALUE:
                    if (!readValue(in)) {
                        return;
                    }
                    break;
                case STREAM:
                case SKIP:
                    if (!passValue(in)) {
                        return;
                    }
                    break;
                default:
                    return;
            }
        }
    }

    private boolean readPrefix(ByteBuf in) {
        // Always wait for the whole prefix, so that the outcome does not depend on how input is split.
        if (in.readableBytes() < PREFIX) {
            needed = PREFIX;
            return false;
        }
        int at = in.readerIndex();
        if (in.getByte(at + 128) == 'D' && in.getByte(at + 129) == 'I' && in.getByte(at + 130) == 'C'
            && in.getByte(at + 131) == 'M') {
            in.skipBytes(PREFIX);
            position += PREFIX;
            startFileMeta();
            return true;
        }
        if (options.input() == DicomParserOptions.Input.PART10) {
            throw new DicomParseException("not a DICOM Part 10 file: no \"DICM\" after the 128-byte preamble", position);
        }
        detectBareInput(in);
        return true;
    }

    /**
     * Works out how a stream without the Part 10 prefix is encoded: a meta group of its own, or a
     * bare dataset whose syntax is guessed from its first header (PS3.5 gives no marker for it).
     * Every real dataset starts with group 0008 (Specific Character Set, SOP Class UID, ...), so
     * anything else is refused rather than parsed as garbage.
     */
    private void detectBareInput(ByteBuf in) {
        int at = in.readerIndex();
        int groupLE = in.getUnsignedShortLE(at);
        int groupBE = in.getUnsignedShort(at);
        boolean explicitCode = VR.ofCode(in.getUnsignedShort(at + 4)) != null;
        if (groupLE == 0x0002) {
            startFileMeta();
            return;
        }
        if (groupLE == 0x0008) {
            useSyntax(explicitCode ? TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN : TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN);
        } else if (groupBE == 0x0008 && explicitCode) {
            useSyntax(TransferSyntax.EXPLICIT_VR_BIG_ENDIAN);
        } else {
            throw new DicomParseException("not DICOM: no Part 10 prefix and no plausible first element", position);
        }
        state = State.HEADER;
    }

    private void startFileMeta() {
        inFileMeta = true;
        fileMeta = new Dataset(8);
        explicitVR = true;
        bigEndian = false;
        state = State.HEADER;
    }

    private void endFileMeta() {
        inFileMeta = false;
        String uid = fileMeta.getString(Tag.TransferSyntaxUID);
        if (uid == null) {
            throw new DicomParseException("File Meta Information has no Transfer Syntax UID (0002,0010)", position);
        }
        useSyntax(TransferSyntax.of(uid));
        if (syntax.deflated()) {
            inflater = new Inflater(true);
            switchToInflate = true;
        }
    }

    private boolean deflatedSyntaxAnnounced() {
        String uid = fileMeta.getString(Tag.TransferSyntaxUID);
        return uid != null && TransferSyntax.of(uid).deflated();
    }

    private void useSyntax(TransferSyntax ts) {
        syntax = ts;
        explicitVR = ts.explicitVR();
        bigEndian = ts.bigEndian();
    }

    private boolean readHeader(ByteBuf in) {
        closeEndedFrames();
        if (inFileMeta && position == fileMetaEnd && deflatedSyntaxAnnounced()) {
            // Deflated data cannot be peeked at for its group number (and may be shorter than a
            // header), so here the group length is what ends the meta group.
            endFileMeta();
            return true;
        }
        if (in.readableBytes() < 8) {
            needed = 8;
            return false;
        }
        int at = in.readerIndex();
        headerPosition = position;
        long head = head(in, at);
        int tag = tagOf(head);
        int group = tag >>> 16;
        if (inFileMeta && group != 0x0002) {
            endFileMeta();
            return true; // re-read this header in the dataset's encoding (or after inflating)
        }
        if (!started && !inFileMeta) {
            started = true;
            handler.datasetStart(fileMeta, syntax);
        }
        if (group == 0xFFFE) {
            in.skipBytes(8);
            position += 8;
            delimiter(tag, longLengthOf(head));
            return true;
        }
        if (depth > 0 && frames[depth - 1].kind != FrameKind.ITEM) {
            // Only items (and delimiters) may appear there; anything else would land in the wrong dataset.
            throw new DicomParseException(Tags.toString(tag) + (frames[depth - 1].kind == FrameKind.SEQUENCE
                ? " in a sequence outside any item" : " among the fragments of encapsulated Pixel Data"), position);
        }
        VR vr;
        long length;
        int headerLength;
        if (explicitVR) {
            int code = vrCodeOf(head);
            vr = VR.ofCode(code);
            if (vr == null) {
                throw new DicomParseException("invalid VR " + printable(code) + " in " + Tags.toString(tag), position);
            }
            if (vr.hasLongHeader()) {
                if (in.readableBytes() < 12) {
                    needed = 12;
                    return false;
                }
                length = bigEndian ? in.getUnsignedInt(at + 8) : in.getUnsignedIntLE(at + 8);
                headerLength = 12;
            } else {
                length = shortLengthOf(head);
                headerLength = 8;
            }
        } else {
            vr = ElementDictionary.vrOf(tag);
            length = longLengthOf(head);
            headerLength = 8;
        }
        in.skipBytes(headerLength);
        position += headerLength;
        startElement(tag, vr, length);
        return true;
    }

    private void startElement(int tag, VR vr, long length) {
        boolean undefined = length == UNDEFINED;
        boolean topLevel = depth == 0;
        if (inFileMeta && (undefined || vr == VR.SQ || length > options.maxFileMetaLength())) {
            throw new DicomParseException("File Meta Information element " + Tags.toString(tag)
                + " is a sequence or too long (" + length + " bytes)", headerPosition);
        }
        if (topLevel && Tags.isPixelData(tag) && options.pixelData() == DicomParserOptions.PixelData.STOP) {
            state = State.DONE;
            releaseResources();
            handler.end();
            return;
        }
        if (vr == VR.SQ || (undefined && vr == VR.UN)) {
            // UN of undefined length holds items in implicit VR little endian (PS3.5 6.2.2).
            boolean implicit = vr == VR.UN;
            push(new Frame(FrameKind.SEQUENCE, undefined ? -1 : endOf(length, tag),
                !implicit && explicitVR, !implicit && bigEndian, false));
            handler.sequenceStart(tag, vr, undefined ? -1 : length);
            return;
        }
        if (undefined) {
            if (!vr.isBulk()) {
                throw new DicomParseException("undefined length is not allowed for " + vr + " in " + Tags.toString(tag),
                    headerPosition);
            }
            boolean skip = topLevel && Tags.isPixelData(tag) && options.pixelData() == DicomParserOptions.PixelData.SKIP;
            push(new Frame(FrameKind.FRAGMENTS, -1, explicitVR, bigEndian, skip));
            handler.fragmentsStart(tag, vr, position);
            return;
        }
        endOf(length, tag);
        valueTag = tag;
        valueVR = vr;
        remaining = length;
        if (!inFileMeta && (Tags.isPixelData(tag) || length > options.bulkThreshold())) {
            boolean skip = topLevel && Tags.isPixelData(tag) && options.pixelData() == DicomParserOptions.PixelData.SKIP;
            state = skip ? State.SKIP : State.STREAM;
            inFragment = false;
            handler.valueStart(tag, vr, length, position, skip);
        } else {
            state = State.VALUE;
        }
    }

    /** A header of group FFFE: item, item delimiter, or sequence delimiter. */
    private void delimiter(int tag, long length) {
        Frame top = depth == 0 ? null : frames[depth - 1];
        if (tag == Tag.Item) {
            if (top == null || top.kind == FrameKind.ITEM) {
                throw new DicomParseException("item " + Tags.toString(tag) + " outside a sequence", headerPosition);
            }
            if (top.kind == FrameKind.FRAGMENTS) {
                if (length == UNDEFINED) {
                    throw new DicomParseException("fragment of undefined length", headerPosition);
                }
                endOf(length, tag);
                valueTag = tag;
                remaining = length;
                inFragment = true;
                state = top.skip ? State.SKIP : State.STREAM;
                handler.fragmentStart(top.fragments++, length, position, top.skip);
                return;
            }
            push(new Frame(FrameKind.ITEM, length == UNDEFINED ? -1 : endOf(length, tag), top.explicitVR,
                top.bigEndian, false));
            handler.itemStart(length == UNDEFINED ? -1 : length);
        } else if (tag == Tag.ItemDelimitationItem) {
            if (top == null || top.kind != FrameKind.ITEM || top.end != -1) {
                throw new DicomParseException("item delimiter outside an undefined-length item", headerPosition);
            }
            pop();
            handler.itemEnd();
        } else if (tag == Tag.SequenceDelimitationItem) {
            if (top == null || top.kind == FrameKind.ITEM || top.end != -1) {
                throw new DicomParseException("sequence delimiter outside an undefined-length sequence", headerPosition);
            }
            pop();
            if (top.kind == FrameKind.FRAGMENTS) {
                handler.fragmentsEnd();
            } else {
                handler.sequenceEnd();
            }
        } else {
            throw new DicomParseException("unexpected delimiter tag " + Tags.toString(tag), headerPosition);
        }
    }

    private boolean readValue(ByteBuf in) {
        int length = (int) remaining;
        if (in.readableBytes() < length) {
            needed = length;
            return false;
        }
        ByteBuf value = in.slice(in.readerIndex(), length);
        in.skipBytes(length);
        position += length;
        state = State.HEADER;
        if (bigEndian && valueVR.unitSize() > 1) {
            value = swapped(value, valueVR.unitSize());
        }
        if (inFileMeta) {
            byte[] bytes = new byte[length];
            value.getBytes(value.readerIndex(), bytes);
            fileMeta.setBytes(valueTag, valueVR, bytes);
            if (valueTag == Tag.FileMetaInformationGroupLength && length == 4) {
                fileMetaEnd = position + value.getUnsignedIntLE(value.readerIndex());
            }
        } else {
            handler.element(valueTag, valueVR, value);
        }
        return true;
    }

    private boolean passValue(ByteBuf in) {
        int n = (int) Math.min(remaining, in.readableBytes());
        if (n > 0) {
            if (state == State.STREAM) {
                handler.valueChunk(in.slice(in.readerIndex(), n));
            }
            in.skipBytes(n);
            position += n;
            remaining -= n;
        }
        if (remaining > 0) {
            needed = 1;
            return false;
        }
        state = State.HEADER;
        if (inFragment) {
            handler.fragmentEnd();
        } else {
            handler.valueEnd();
        }
        return true;
    }

    // ------------------------------------------------------------------ sequences and items

    private void push(Frame frame) {
        if (depth >= options.maxDepth() * 2) {
            throw new DicomParseException("sequences nested deeper than " + options.maxDepth(), headerPosition);
        }
        if (depth == frames.length) {
            frames = java.util.Arrays.copyOf(frames, depth * 2);
        }
        frames[depth++] = frame;
        explicitVR = frame.explicitVR;
        bigEndian = frame.bigEndian;
        state = State.HEADER;
    }

    private void pop() {
        frames[--depth] = null;
        if (depth > 0) {
            explicitVR = frames[depth - 1].explicitVR;
            bigEndian = frames[depth - 1].bigEndian;
        } else if (syntax != null) {
            explicitVR = syntax.explicitVR();
            bigEndian = syntax.bigEndian();
        }
    }

    /** Ends defined-length items and sequences whose last byte has been read. */
    private void closeEndedFrames() {
        while (depth > 0) {
            Frame top = frames[depth - 1];
            if (top.end < 0 || position < top.end) {
                return;
            }
            if (position > top.end) {
                throw new DicomParseException("contents overrun their defined-length " + top.kind.name().toLowerCase(),
                    position);
            }
            pop();
            if (top.kind == FrameKind.ITEM) {
                handler.itemEnd();
            } else {
                handler.sequenceEnd();
            }
        }
    }

    /**
     * Where a value of {@code length} bytes starting here ends, after checking it fits inside every
     * enclosing defined-length item and sequence; a value claiming more than its container is refused
     * before anything is read or allocated.
     */
    private long endOf(long length, int tag) {
        long end = position + length;
        for (int i = depth - 1; i >= 0; i--) {
            if (frames[i].end >= 0) {
                if (end > frames[i].end) {
                    throw new DicomParseException(Tags.toString(tag) + " of " + length
                        + " bytes overruns its enclosing " + frames[i].kind.name().toLowerCase(), headerPosition);
                }
                break; // the nearest defined end is within all outer ones, checked when it was opened
            }
        }
        return end;
    }

    // ------------------------------------------------------------------ header fields
    // The first 8 bytes of a header are read as one long in the stream's byte order: group and
    // element, then either a 32-bit length (implicit VR, items and delimiters) or the two VR
    // characters and a 16-bit length (explicit VR).

    /**
     * The 8 bytes at {@code at}, which the caller has checked are readable. Every ByteBuf.get checks
     * bounds and liveness, and Netty assembles a long byte by byte where it has no VarHandle, so a
     * heap buffer is read straight from its array in one load.
     */
    private long head(ByteBuf in, int at) {
        if (in.hasArray()) {
            byte[] array = in.array();
            int index = in.arrayOffset() + at;
            return bigEndian ? (long) LONG_BE.get(array, index) : (long) LONG_LE.get(array, index);
        }
        return bigEndian ? in.getLong(at) : in.getLongLE(at);
    }

    private int tagOf(long head) {
        if (bigEndian) {
            return (int) (head >>> 32);
        }
        return (int) (head << 16) & 0xFFFF0000 | (int) (head >>> 16) & 0xFFFF;
    }

    private long longLengthOf(long head) {
        return bigEndian ? head & 0xFFFFFFFFL : head >>> 32;
    }

    /** The VR's two characters as {@link VR#code} holds them: first character in the high byte. */
    private int vrCodeOf(long head) {
        return bigEndian ? (int) (head >>> 16) & 0xFFFF : Character.reverseBytes((char) (head >>> 32));
    }

    private int shortLengthOf(long head) {
        return bigEndian ? (int) head & 0xFFFF : (int) (head >>> 48);
    }

    // ------------------------------------------------------------------ helpers

    private static ByteBuf swapped(ByteBuf value, int unit) {
        byte[] bytes = new byte[value.readableBytes()];
        value.getBytes(value.readerIndex(), bytes);
        io.sagitta.core.data.ByteOrder.swap(bytes, 0, bytes.length, unit);
        return Unpooled.wrappedBuffer(bytes);
    }

    private String truncation() {
        switch (state) {
            case VALUE:
            case STREAM:
            case SKIP:
                // A short value is collected whole: what has arrived of it is still in the carry.
                long missing = remaining - (state == State.VALUE && carry != null ? carry.readableBytes() : 0);
                return "truncated: input ends inside the value of " + Tags.toString(valueTag) + ", "
                    + missing + " bytes short";
            default:
                return "truncated: input ends inside an element header";
        }
    }

    private static String describe(FrameKind kind) {
        switch (kind) {
            case SEQUENCE:
                return "a sequence";
            case ITEM:
                return "an item";
            default:
                return "encapsulated Pixel Data";
        }
    }

    private static String printable(int code) {
        char a = (char) (code >>> 8);
        char b = (char) (code & 0xFF);
        if (a >= 0x20 && a < 0x7F && b >= 0x20 && b < 0x7F) {
            return "\"" + a + b + "\"";
        }
        return String.format("0x%04X", code);
    }

    private void fail() {
        state = State.FAILED;
        releaseResources();
    }

    private void releaseResources() {
        if (carry != null) {
            carry.release();
            carry = null;
        }
        if (inflater != null) {
            inflater.end();
            inflater = null;
        }
    }

    @Override
    public String toString() {
        return "DicomParser[" + state + " at " + position + ", depth " + depth + ", "
            + (syntax == null ? "syntax unknown" : syntax.name()) + "]";
    }
}
