package io.sagitta.dicomweb.wado;

import io.netty.buffer.ByteBuf;
import io.sagitta.core.data.Dataset;
import io.sagitta.core.data.Tag;
import io.sagitta.core.data.TransferSyntax;
import io.sagitta.core.data.VR;
import io.sagitta.core.io.DicomParseException;
import io.sagitta.core.io.DicomParser;
import io.sagitta.core.io.DicomParserOptions;
import io.sagitta.core.io.DicomStreamHandler;
import io.sagitta.dicomweb.http.HttpProblem;
import io.sagitta.storage.blob.BlobCorruptedException;
import io.sagitta.storage.blob.BlobReadStream;
import io.sagitta.storage.blob.BlobStore;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.internal.buffer.BufferInternal;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Finds where an instance's Pixel Data is by streaming its blob through the {@link DicomParser}:
 * the image attributes ({@link #IMAGE_TAGS}) come from the top level of the header, and
 * <ul>
 *   <li>native Pixel Data: reading stops at the value's start, so only the header is read;
 *   <li>encapsulated Pixel Data: each fragment's offset, length and first two bytes are noted (the
 *       rest of its bytes pass by) up to the sequence delimiter, then reading stops.
 * </ul>
 * Nothing but the few attributes and the fragment list is kept.
 */
final class PixelDataLocator implements DicomStreamHandler {

    /** The top-level attributes kept in {@link PixelDataLayout#image()}. */
    static final Set<Integer> IMAGE_TAGS = Set.of(Tag.Rows, Tag.Columns, Tag.SamplesPerPixel, Tag.BitsAllocated,
        Tag.BitsStored, Tag.HighBit, Tag.PixelRepresentation, Tag.PhotometricInterpretation, Tag.PlanarConfiguration,
        Tag.NumberOfFrames, Tag.RescaleSlope, Tag.RescaleIntercept, Tag.WindowCenter, Tag.WindowWidth, Tag.VOILUTFunction);

    /** More fragments than this is not an image we serve frames of (a guard against hostile input). */
    private static final int MAX_FRAGMENTS = 1 << 20;
    /** The longest Extended Offset Table kept: 8 bytes per frame for a million frames. */
    private static final int MAX_EXTENDED_TABLE = 8 << 20;

    private final String key;
    private final Promise<PixelDataLayout> result = Promise.promise();
    private final DicomParser parser;
    private final Dataset image = new Dataset(IMAGE_TAGS.size());
    private BlobReadStream stream;
    private TransferSyntax syntax;
    private int depth;
    private boolean inPixelFragments;
    private final List<PixelDataLayout.Fragment> fragments = new ArrayList<>();
    /** The fragment whose first bytes are still to come, its length and what of its head was seen. */
    private long fragmentOffset;
    private long fragmentLength;
    private int headSeen;
    private int head;
    /** An Extended Offset Table (or its lengths) arriving in chunks: which one, and its bytes so far. */
    private int streamedTableTag;
    private ByteArrayOutputStream streamedTable;
    private byte[] extendedOffsets;
    private byte[] extendedLengths;

    private PixelDataLocator(String key) {
        this.key = key;
        this.parser = new DicomParser(DicomParserOptions.create().input(DicomParserOptions.Input.PART10)
            .pixelData(DicomParserOptions.PixelData.STREAM), this);
    }

    /** The layout of the Pixel Data in blob {@code key}; {@link HttpProblem} 404 when there is none. */
    static Future<PixelDataLayout> locate(BlobStore blobs, String key) {
        PixelDataLocator locator = new PixelDataLocator(key);
        return blobs.get(key).compose(stream -> {
            locator.stream = stream;
            stream.exceptionHandler(locator::fail);
            stream.endHandler(v -> locator.ended());
            stream.handler(buffer -> locator.feed(((BufferInternal) buffer).getByteBuf()));
            return locator.result.future();
        });
    }

    private void feed(ByteBuf bytes) {
        if (result.future().isComplete()) {
            return;
        }
        try {
            parser.feed(bytes);
        } catch (DicomParseException | HttpProblem e) {
            fail(e);
        }
        if (result.future().isComplete()) {
            parser.close(); // not from inside its own callbacks
        }
    }

    private void ended() {
        if (result.future().isComplete()) {
            return;
        }
        try {
            parser.finish();
            fail(HttpProblem.notFound("the instance has no Pixel Data"));
        } catch (DicomParseException e) {
            fail(e);
        }
    }

    private void fail(Throwable e) {
        if (e instanceof DicomParseException) {
            e = new BlobCorruptedException(key, "not readable as DICOM: " + e.getMessage());
        }
        if (result.tryFail(e)) {
            stop();
        }
    }

    private void succeed(long offset, long length, boolean encapsulated) {
        if (result.tryComplete(new PixelDataLayout(syntax, image, encapsulated, offset, length, List.copyOf(fragments),
            extendedOffsets, extendedLengths))) {
            stop();
        }
    }

    private void stop() {
        if (stream != null) {
            stream.close();
        }
    }

    @Override
    public void datasetStart(Dataset fileMeta, TransferSyntax syntax) {
        this.syntax = syntax;
    }

    @Override
    public void element(int tag, VR vr, ByteBuf value) {
        if (depth != 0) {
            return;
        }
        if (IMAGE_TAGS.contains(tag)) {
            byte[] bytes = new byte[value.readableBytes()];
            value.getBytes(value.readerIndex(), bytes);
            if (tag == Tag.NumberOfFrames) {
                checkNumberOfFrames(new String(bytes, StandardCharsets.US_ASCII).trim());
            }
            image.setValue(tag, vr, bytes);
        } else if (tag == Tag.ExtendedOffsetTable) {
            extendedOffsets = ByteBufs.copy(value);
        } else if (tag == Tag.ExtendedOffsetTableLengths) {
            extendedLengths = ByteBufs.copy(value);
        }
    }

    private void checkNumberOfFrames(String s) {
        try {
            if (!s.isEmpty() && Integer.parseInt(s) < 0) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            throw new DicomParseException("invalid Number of Frames '" + s + "'", parser.position());
        }
    }

    @Override
    public void valueStart(int tag, VR vr, long length, long offset, boolean skipped) {
        if (depth != 0) {
            return;
        }
        if (tag == Tag.PixelData && !inPixelFragments) {
            succeed(offset, length, false);
        } else if (tag == Tag.ExtendedOffsetTable || tag == Tag.ExtendedOffsetTableLengths) {
            if (length > MAX_EXTENDED_TABLE) {
                throw HttpProblem.notAcceptable("an Extended Offset Table of " + length + " bytes: frames not available");
            }
            streamedTableTag = tag;
            streamedTable = new ByteArrayOutputStream((int) length);
        }
    }

    @Override
    public void valueChunk(ByteBuf chunk) {
        if (streamedTable != null) {
            byte[] bytes = ByteBufs.copy(chunk);
            streamedTable.write(bytes, 0, bytes.length);
        } else if (inPixelFragments && headSeen < 2) {
            for (int i = chunk.readerIndex(); i < chunk.writerIndex() && headSeen < 2; i++) {
                head = (head << 8) | chunk.getUnsignedByte(i);
                headSeen++;
            }
        }
    }

    @Override
    public void valueEnd() {
        if (streamedTable != null) {
            if (streamedTableTag == Tag.ExtendedOffsetTable) {
                extendedOffsets = streamedTable.toByteArray();
            } else {
                extendedLengths = streamedTable.toByteArray();
            }
            streamedTable = null;
        }
    }

    @Override
    public void fragmentsStart(int tag, VR vr, long offset) {
        if (depth == 0 && tag == Tag.PixelData) {
            inPixelFragments = true;
        }
    }

    @Override
    public void fragmentStart(int index, long length, long offset, boolean skipped) {
        if (inPixelFragments) {
            if (fragments.size() == MAX_FRAGMENTS) {
                throw HttpProblem.notAcceptable("more than " + MAX_FRAGMENTS + " fragments: frames not available");
            }
            fragmentOffset = offset;
            fragmentLength = length;
            headSeen = 0;
            head = 0;
        }
    }

    @Override
    public void fragmentEnd() {
        if (inPixelFragments) {
            fragments.add(new PixelDataLayout.Fragment(fragmentOffset, fragmentLength,
                headSeen == 2 ? head : PixelDataLayout.NO_HEAD));
        }
    }

    @Override
    public void fragmentsEnd() {
        if (inPixelFragments) {
            succeed(-1, -1, true);
        }
    }

    @Override
    public void sequenceStart(int tag, VR vr, long length) {
        depth++;
    }

    @Override
    public void itemStart(long length) {
    }

    @Override
    public void itemEnd() {
    }

    @Override
    public void sequenceEnd() {
        depth--;
    }

    /** Copies of borrowed buffers. */
    private static final class ByteBufs {
        static byte[] copy(ByteBuf b) {
            byte[] out = new byte[b.readableBytes()];
            b.getBytes(b.readerIndex(), out);
            return out;
        }
    }
}
