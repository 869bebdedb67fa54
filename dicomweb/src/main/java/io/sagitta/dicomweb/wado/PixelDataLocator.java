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
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds where an instance's Pixel Data is by streaming its blob through the {@link DicomParser}
 * with Pixel Data skipped: the image attributes (Rows, Columns, Samples per Pixel, Bits Allocated,
 * Number of Frames) come from the header, and
 * <ul>
 *   <li>native Pixel Data: reading stops at the value's start, so only the header is read;
 *   <li>encapsulated Pixel Data: the fragments' offsets are noted (their bytes skipped) up to the
 *       sequence delimiter, then reading stops.
 * </ul>
 * Nothing but the few attributes and the fragment list is kept.
 */
final class PixelDataLocator implements DicomStreamHandler {

    /** More fragments than this is not an image we serve frames of (a guard against hostile input). */
    private static final int MAX_FRAGMENTS = 1 << 20;

    private final String key;
    private final Promise<PixelDataLayout> result = Promise.promise();
    private final DicomParser parser;
    private BlobReadStream stream;
    private int depth;
    private int rows;
    private int columns;
    private int samplesPerPixel = 1;
    private int bitsAllocated;
    private int numberOfFrames = 1;
    private boolean inPixelFragments;
    private final List<PixelDataLayout.Fragment> fragments = new ArrayList<>();

    private PixelDataLocator(String key) {
        this.key = key;
        this.parser = new DicomParser(DicomParserOptions.create().input(DicomParserOptions.Input.PART10)
            .pixelData(DicomParserOptions.PixelData.SKIP), this);
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
        if (result.tryComplete(new PixelDataLayout(rows, columns, samplesPerPixel, bitsAllocated, numberOfFrames,
            encapsulated, offset, length, List.copyOf(fragments)))) {
            stop();
        }
    }

    private void stop() {
        if (stream != null) {
            stream.close();
        }
    }

    @Override
    public void element(int tag, VR vr, ByteBuf value) {
        if (depth != 0) {
            return;
        }
        switch (tag) {
            case Tag.Rows: rows = unsignedShort(value); break;
            case Tag.Columns: columns = unsignedShort(value); break;
            case Tag.SamplesPerPixel: samplesPerPixel = unsignedShort(value); break;
            case Tag.BitsAllocated: bitsAllocated = unsignedShort(value); break;
            case Tag.NumberOfFrames:
                String s = value.toString(StandardCharsets.US_ASCII).trim();
                try {
                    numberOfFrames = s.isEmpty() ? 1 : Integer.parseInt(s);
                } catch (NumberFormatException e) {
                    throw new DicomParseException("invalid Number of Frames '" + s + "'", parser.position());
                }
                break;
            default: break;
        }
    }

    private static int unsignedShort(ByteBuf value) {
        return value.readableBytes() >= 2 ? value.getUnsignedShortLE(value.readerIndex()) : 0;
    }

    @Override
    public void valueStart(int tag, VR vr, long length, long offset, boolean skipped) {
        if (depth == 0 && tag == Tag.PixelData && !inPixelFragments) {
            succeed(offset, length, false);
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
            fragments.add(new PixelDataLayout.Fragment(offset, length));
        }
    }

    @Override
    public void fragmentsEnd() {
        if (inPixelFragments) {
            succeed(-1, -1, true);
        }
    }

    @Override
    public void datasetStart(Dataset fileMeta, TransferSyntax syntax) {
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
}
