package io.sagitta.dicomweb.wado;

import io.netty.buffer.ByteBuf;
import io.sagitta.core.data.Tag;
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
import java.util.ArrayList;
import java.util.List;

/**
 * Finds where one value of an instance lies in its blob, named by a bulk data path as the metadata's
 * BulkDataURIs write it ({@code 7FE00010}, {@code 00540016/0/00181072}: for each enclosing sequence
 * its tag and item index, then the attribute's tag). The blob streams through the parser with
 * every value passed on in chunks (threshold 0), so each value's offset is known; reading stops
 * once the value is found. Nothing is kept but the path being walked.
 */
final class BulkValueLocator implements DicomStreamHandler {

    /** Where a value is: a native value's byte range, or encapsulated Pixel Data (its frames are the bulk data). */
    record BulkValue(VR vr, long offset, long length, boolean encapsulated) {
    }

    /** The deepest path accepted (the parser's own limit on nesting is the real guard). */
    static final int MAX_DEPTH = 16;

    private final String key;
    private final int[] sequenceTags;
    private final int[] items;
    private final int tag;
    private final Promise<BulkValue> result = Promise.promise();
    private final DicomParser parser;
    private final List<int[]> path = new ArrayList<>(); // {sequence tag, current item index}
    private BlobReadStream stream;

    private BulkValueLocator(String key, int[] sequenceTags, int[] items, int tag) {
        this.key = key;
        this.sequenceTags = sequenceTags;
        this.items = items;
        this.tag = tag;
        this.parser = new DicomParser(DicomParserOptions.create().input(DicomParserOptions.Input.PART10)
            .pixelData(DicomParserOptions.PixelData.STREAM).bulkThreshold(0), this);
    }

    /**
     * Parses a bulk data path; {@link HttpProblem} 400 when it is not tag ( / item / tag )*, 8 hex
     * digits per tag.
     */
    static int[][] parsePath(String path) {
        String[] parts = path.split("/", -1);
        if (parts.length % 2 == 0 || parts.length > 2 * MAX_DEPTH + 1) {
            throw HttpProblem.badRequest("a bulk data path is tag(/item/tag)*: '" + printable(path) + "'");
        }
        int depth = parts.length / 2;
        int[] tags = new int[depth + 1];
        int[] itemIndexes = new int[depth];
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            if (i % 2 == 0) {
                if (p.length() != 8 || !p.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                    throw HttpProblem.badRequest("invalid tag '" + printable(p) + "' in bulk data path: 8 hex digits expected");
                }
                tags[i / 2] = (int) Long.parseLong(p, 16);
            } else {
                if (p.isEmpty() || p.length() > 6 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    throw HttpProblem.badRequest("invalid item index '" + printable(p) + "' in bulk data path");
                }
                itemIndexes[i / 2] = Integer.parseInt(p);
            }
        }
        return new int[][] {tags, itemIndexes};
    }

    /** The value at {@code path} in blob {@code key}; {@link HttpProblem} 404 when there is none. */
    static Future<BulkValue> locate(BlobStore blobs, String key, String path) {
        int[][] parsed = parsePath(path);
        int[] tags = parsed[0];
        int[] sequenceTags = java.util.Arrays.copyOf(tags, tags.length - 1);
        BulkValueLocator locator = new BulkValueLocator(key, sequenceTags, parsed[1], tags[tags.length - 1]);
        return blobs.get(key).compose(stream -> {
            locator.stream = stream;
            stream.exceptionHandler(locator::fail);
            stream.endHandler(v -> locator.ended(path));
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
        } catch (DicomParseException e) {
            fail(e);
        }
        if (result.future().isComplete()) {
            parser.close();
        }
    }

    private void ended(String path) {
        if (result.future().isComplete()) {
            return;
        }
        try {
            parser.finish();
            fail(HttpProblem.notFound("the instance has no value at bulk data path " + path));
        } catch (DicomParseException e) {
            fail(e);
        }
    }

    private void fail(Throwable e) {
        if (e instanceof DicomParseException) {
            e = new BlobCorruptedException(key, "not readable as DICOM: " + e.getMessage());
        }
        if (result.tryFail(e)) {
            stream.close();
        }
    }

    private void found(BulkValue value) {
        if (result.tryComplete(value)) {
            stream.close();
        }
    }

    /** Whether the parser stands where the path points, for a value of tag {@code t}. */
    private boolean at(int t) {
        if (t != tag || path.size() != sequenceTags.length) {
            return false;
        }
        for (int i = 0; i < sequenceTags.length; i++) {
            if (path.get(i)[0] != sequenceTags[i] || path.get(i)[1] != items[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void element(int t, VR vr, ByteBuf value) {
        if (at(t)) {
            found(new BulkValue(vr, -1, 0, false)); // empty: values of any length go through valueStart
        }
    }

    @Override
    public void valueStart(int t, VR vr, long length, long offset, boolean skipped) {
        if (at(t)) {
            found(new BulkValue(vr, offset, length, false));
        }
    }

    @Override
    public void fragmentsStart(int t, VR vr, long offset) {
        if (at(t) && t == Tag.PixelData) {
            found(new BulkValue(vr, offset, -1, true));
        }
    }

    @Override
    public void sequenceStart(int t, VR vr, long length) {
        path.add(new int[] {t, -1});
    }

    @Override
    public void itemStart(long length) {
        path.get(path.size() - 1)[1]++;
    }

    @Override
    public void itemEnd() {
    }

    @Override
    public void sequenceEnd() {
        path.remove(path.size() - 1);
    }

    private static String printable(String s) {
        String p = s.replaceAll("[^ -~]", "?");
        return p.length() > 64 ? p.substring(0, 64) + "..." : p;
    }
}
