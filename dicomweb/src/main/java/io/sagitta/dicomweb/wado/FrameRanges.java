package io.sagitta.dicomweb.wado;

import io.sagitta.dicomweb.http.HttpProblem;
import io.sagitta.storage.blob.BlobCorruptedException;
import io.sagitta.storage.blob.BlobStore;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Which bytes of a blob make up each frame of its Pixel Data ({@link PixelDataLayout}), as
 * {offset, length} ranges, without reading the pixels themselves.
 *
 * <ul>
 *   <li>Native: frame {@code n} is the range {@code (n-1) × size} of size Rows × Columns × Samples per
 *       Pixel × Bits Allocated / 8. Bit-packed frames (Bits Allocated 1) are 501.
 *   <li>Encapsulated (PS3.5 A.4), in this order: a single frame is all fragments; as many fragments
 *       as frames is one fragment each; else the Basic Offset Table, else the Extended Offset Table
 *       (7FE0,0001), else a fragment scan: fragments that begin with the start marker of the syntax's
 *       codestream (JPEG SOI {@code FFD8}, JPEG 2000 SOC {@code FF4F}) begin frames, which is
 *       decisive when exactly Number of Frames fragments begin so, the first among them. Anything
 *       else is 501 with the reason: the frame boundaries are unknown without decoding.
 * </ul>
 */
public final class FrameRanges {

    static final int JPEG_SOI = 0xFFD8;
    static final int JPEG2000_SOC = 0xFF4F;

    private FrameRanges() {
    }

    /**
     * For each of {@code frames} (1-based, repeats allowed), the byte ranges of blob {@code key} that
     * make it up; {@link HttpProblem} 404 for a frame beyond Number of Frames.
     */
    public static Future<List<List<long[]>>> of(BlobStore blobs, String key, PixelDataLayout layout, List<Integer> frames) {
        for (int n : frames) {
            if (n > layout.numberOfFrames()) {
                return Future.failedFuture(HttpProblem.notFound("frame " + n + " does not exist: the instance has "
                    + layout.numberOfFrames() + " frame(s)"));
            }
        }
        if (!layout.encapsulated()) {
            return nativeRanges(key, layout, frames);
        }
        List<PixelDataLayout.Fragment> all = layout.fragments();
        if (all.size() < 2) {
            return Future.failedFuture(new BlobCorruptedException(key, "encapsulated Pixel Data without fragments"));
        }
        PixelDataLayout.Fragment bot = all.get(0);
        List<PixelDataLayout.Fragment> fragments = all.subList(1, all.size());
        int count = layout.numberOfFrames();
        if (count == 1) {
            return Future.succeededFuture(byFrame(frames, rangesFrom(fragments, new int[] {0, fragments.size()})));
        }
        if (fragments.size() == count) {
            int[] starts = new int[count + 1];
            for (int i = 0; i <= count; i++) {
                starts[i] = i;
            }
            return Future.succeededFuture(byFrame(frames, rangesFrom(fragments, starts)));
        }
        if (bot.length() != 0) {
            if (bot.length() != 4L * count) {
                return Future.failedFuture(new BlobCorruptedException(key, "Basic Offset Table of " + bot.length()
                    + " bytes for " + count + " frames"));
            }
            return blobs.readRange(key, bot.offset(), bot.length())
                .compose(table -> fromOffsets(key, fragments, table, 4, count, "Basic Offset Table"))
                .map(starts -> byFrame(frames, rangesFrom(fragments, starts)));
        }
        if (layout.extendedOffsets() != null) {
            if (layout.extendedOffsets().length != 8L * count) {
                return Future.failedFuture(new BlobCorruptedException(key, "Extended Offset Table of "
                    + layout.extendedOffsets().length + " bytes for " + count + " frames"));
            }
            return fromOffsets(key, fragments, Buffer.buffer(layout.extendedOffsets()), 8, count, "Extended Offset Table")
                .map(starts -> byFrame(frames, rangesFrom(fragments, starts)));
        }
        int[] starts = scan(fragments, count, startMarker(layout.syntax().uid()));
        if (starts == null) {
            return Future.failedFuture(new HttpProblem(501, count + " frames in " + fragments.size()
                + " fragments, no Basic or Extended Offset Table, and the fragments' start markers do not tell the "
                + "frames apart: frame boundaries unknown"));
        }
        return Future.succeededFuture(byFrame(frames, rangesFrom(fragments, starts)));
    }

    private static Future<List<List<long[]>>> nativeRanges(String key, PixelDataLayout layout, List<Integer> frames) {
        long size = layout.frameSize();
        if (size <= 0) {
            return Future.failedFuture(new HttpProblem(501, "frames of Bits Allocated " + layout.bitsAllocated()
                + " (or without Rows/Columns) are not supported"));
        }
        if (size * layout.numberOfFrames() > layout.length()) {
            return Future.failedFuture(new BlobCorruptedException(key, "Pixel Data shorter than "
                + layout.numberOfFrames() + " frames of " + size + " bytes"));
        }
        List<List<long[]>> out = new ArrayList<>();
        for (int n : frames) {
            out.add(List.of(new long[] {layout.offset() + (n - 1) * size, size}));
        }
        return Future.succeededFuture(out);
    }

    /**
     * The first fragment of each frame from an offset table of {@code width}-byte little-endian
     * offsets, counted from the first fragment's item tag (8 bytes before its value); the last
     * entry is the number of fragments.
     */
    private static Future<int[]> fromOffsets(String key, List<PixelDataLayout.Fragment> fragments, Buffer table, int width,
                                             int count, String name) {
        long origin = fragments.get(0).offset() - 8;
        int[] starts = new int[count + 1];
        int f = 0;
        for (int i = 0; i < count; i++) {
            long want = width == 4 ? table.getUnsignedIntLE(4 * i) : table.getLongLE(8 * i);
            while (f < fragments.size() && fragments.get(f).offset() - 8 - origin < want) {
                f++;
            }
            if (f == fragments.size() || fragments.get(f).offset() - 8 - origin != want || (i > 0 && f <= starts[i - 1])) {
                return Future.failedFuture(new BlobCorruptedException(key, name + " entry " + i
                    + " does not point at a fragment"));
            }
            starts[i] = f;
        }
        starts[count] = fragments.size();
        return Future.succeededFuture(starts);
    }

    /** The frame starts found by start markers, or null when they do not settle it. */
    static int[] scan(List<PixelDataLayout.Fragment> fragments, int count, int marker) {
        if (marker < 0 || fragments.get(0).head() != marker) {
            return null;
        }
        int[] starts = new int[count + 1];
        int found = 0;
        for (int f = 0; f < fragments.size(); f++) {
            if (fragments.get(f).head() == marker) {
                if (found == count) {
                    return null;
                }
                starts[found++] = f;
            }
        }
        if (found != count) {
            return null;
        }
        starts[count] = fragments.size();
        return starts;
    }

    /** The marker a frame's codestream starts with in {@code syntaxUid}, or -1 when there is none to rely on. */
    static int startMarker(String syntaxUid) {
        if (syntaxUid.startsWith("1.2.840.10008.1.2.4.")) {
            String rest = syntaxUid.substring("1.2.840.10008.1.2.4.".length());
            switch (rest) {
                case "50": case "51": case "57": case "70": case "80": case "81":
                    return JPEG_SOI; // JPEG baseline, extended, lossless; JPEG-LS
                case "90": case "91": case "92": case "93": case "201": case "202": case "203":
                    return JPEG2000_SOC; // JPEG 2000 and High-Throughput JPEG 2000 codestreams
                default:
                    return -1;
            }
        }
        return -1;
    }

    private static List<List<long[]>> rangesFrom(List<PixelDataLayout.Fragment> fragments, int[] starts) {
        List<List<long[]>> perFrame = new ArrayList<>();
        for (int i = 0; i + 1 < starts.length; i++) {
            List<long[]> ranges = new ArrayList<>();
            for (int f = starts[i]; f < starts[i + 1]; f++) {
                ranges.add(new long[] {fragments.get(f).offset(), fragments.get(f).length()});
            }
            perFrame.add(ranges);
        }
        return perFrame;
    }

    private static List<List<long[]>> byFrame(List<Integer> frames, List<List<long[]>> perFrame) {
        List<List<long[]>> out = new ArrayList<>();
        for (int n : frames) {
            out.add(perFrame.get(n - 1));
        }
        return out;
    }
}
