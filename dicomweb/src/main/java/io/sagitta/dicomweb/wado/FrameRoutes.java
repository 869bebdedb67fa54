package io.sagitta.dicomweb.wado;

import io.sagitta.dicomweb.DicomWebOptions;
import io.sagitta.dicomweb.http.HttpProblem;
import io.sagitta.dicomweb.http.ResourceUrls;
import io.sagitta.storage.blob.BlobCorruptedException;
import io.sagitta.storage.blob.BlobStore;
import io.sagitta.storage.index.InstanceIndex;
import io.sagitta.storage.index.InstanceLocation;
import io.sagitta.storage.index.Scope;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;

/**
 * WADO-RS frames (PS3.18 10.4.1.1.3): {@code .../instances/{instance}/frames/{list}} as
 * {@code multipart/related; type="application/octet-stream"}, one part per requested frame, in the
 * order asked (repeats allowed), each with {@code transfer-syntax=} the stored syntax.
 *
 * <ul>
 *   <li>Native Pixel Data: the header is parsed up to Pixel Data ({@link PixelDataLocator}); frame
 *       {@code n} is the byte range {@code (n-1) * size} of size Rows × Columns × Samples per Pixel ×
 *       Bits Allocated / 8, read alone from the blob. Bit-packed frames (Bits Allocated 1) are 501.
 *   <li>Encapsulated Pixel Data: the fragments are located (their bytes skipped); one fragment per
 *       frame when there are as many as frames, all fragments for a single frame, else the Basic
 *       Offset Table says which fragments start each frame; without one it is 501 (no scan of the
 *       compressed stream for frame boundaries yet). The parts carry the compressed bytes as stored.
 * </ul>
 * Only {@code transfer-syntax=*} (or none, or the stored syntax, or explicit VR little endian for
 * frames stored in implicit VR little endian, the same bytes) is served; the rest is 406. A malformed
 * frame list is 400, a frame number beyond Number of Frames 404.
 */
public final class FrameRoutes {

    static final String OCTET_STREAM = "application/octet-stream";
    /** The most frames one request may list (each costs a part header and a ranged read). */
    static final int MAX_FRAMES_PER_REQUEST = 10_000;

    private final InstanceIndex index;
    private final BlobStore blobs;

    private FrameRoutes(InstanceIndex index, BlobStore blobs) {
        this.index = index;
        this.blobs = blobs;
    }

    public static void mount(Router router, InstanceIndex index, BlobStore blobs, DicomWebOptions options) {
        FrameRoutes routes = new FrameRoutes(index, blobs);
        router.get("/studies/:study/series/:series/instances/:instance/frames/:frames").handler(routes::handle);
    }

    private void handle(RoutingContext ctx) {
        List<String> accepted = RetrieveNegotiation.acceptedSyntaxes(ctx, OCTET_STREAM);
        Scope scope = Scope.instance(ResourceUrls.requireUid(ctx, "study"), ResourceUrls.requireUid(ctx, "series"),
            ResourceUrls.requireUid(ctx, "instance"));
        List<Integer> frames = parseFrameList(ctx.pathParam("frames"));
        index.locations(scope)
            .compose(locations -> {
                if (locations.isEmpty()) {
                    return Future.failedFuture(HttpProblem.notFound(InstanceRoutes.describe(scope) + " not found"));
                }
                InstanceLocation l = locations.get(0);
                if (RetrieveNegotiation.choose(accepted, l.transferSyntaxUid()) == null) {
                    return Future.failedFuture(HttpProblem.notAcceptable("the frames are stored in transfer syntax "
                        + l.transferSyntaxUid() + " and cannot be converted to " + String.join(" or ", accepted)
                        + "; ask for transfer-syntax=*"));
                }
                return PixelDataLocator.locate(blobs, l.blobKey())
                    .compose(layout -> ranges(l, layout, frames))
                    .compose(ranges -> send(ctx, l, RetrieveNegotiation.choose(accepted, l.transferSyntaxUid()), ranges));
            })
            .onFailure(ctx::fail);
    }

    /** "1,3,5" as frame numbers (1-based); {@link HttpProblem} 400 when malformed. */
    static List<Integer> parseFrameList(String list) {
        if (list == null || list.isEmpty()) {
            throw HttpProblem.badRequest("no frame numbers in the path");
        }
        List<Integer> frames = new ArrayList<>();
        for (String item : list.split(",", -1)) {
            String s = item.trim();
            int n;
            if (s.isEmpty() || s.length() > 9 || !s.chars().allMatch(c -> c >= '0' && c <= '9') || (n = Integer.parseInt(s)) < 1) {
                throw HttpProblem.badRequest("invalid frame list '" + list.replaceAll("[^ -~]", "?")
                    + "': expected frame numbers from 1, separated by commas");
            }
            if (frames.size() == MAX_FRAMES_PER_REQUEST) {
                throw HttpProblem.badRequest("more than " + MAX_FRAMES_PER_REQUEST + " frames in one request");
            }
            frames.add(n);
        }
        return frames;
    }

    /** For each requested frame, the byte ranges of the blob that make it up. */
    private Future<List<List<long[]>>> ranges(InstanceLocation l, PixelDataLayout layout, List<Integer> frames) {
        for (int n : frames) {
            if (n > layout.numberOfFrames()) {
                return Future.failedFuture(HttpProblem.notFound("frame " + n + " does not exist: the instance has "
                    + layout.numberOfFrames() + " frame(s)"));
            }
        }
        if (!layout.encapsulated()) {
            long size = layout.frameSize();
            if (size <= 0) {
                return Future.failedFuture(new HttpProblem(501, "frames of Bits Allocated " + layout.bitsAllocated()
                    + " (or without Rows/Columns) are not supported"));
            }
            if (size * layout.numberOfFrames() > layout.length()) {
                return Future.failedFuture(new BlobCorruptedException(l.blobKey(), "Pixel Data shorter than "
                    + layout.numberOfFrames() + " frames of " + size + " bytes"));
            }
            List<List<long[]>> out = new ArrayList<>();
            for (int n : frames) {
                out.add(List.of(new long[] {layout.offset() + (n - 1) * size, size}));
            }
            return Future.succeededFuture(out);
        }
        List<PixelDataLayout.Fragment> all = layout.fragments();
        if (all.size() < 2) {
            return Future.failedFuture(new BlobCorruptedException(l.blobKey(), "encapsulated Pixel Data without fragments"));
        }
        PixelDataLayout.Fragment bot = all.get(0);
        List<PixelDataLayout.Fragment> fragments = all.subList(1, all.size());
        if (fragments.size() == layout.numberOfFrames() || layout.numberOfFrames() == 1) {
            return Future.succeededFuture(byFrame(frames, frameStarts(fragments, layout.numberOfFrames())));
        }
        if (bot.length() == 0) {
            return Future.failedFuture(new HttpProblem(501, layout.numberOfFrames() + " frames in " + fragments.size()
                + " fragments and no Basic Offset Table: frame boundaries unknown"));
        }
        if (bot.length() != 4L * layout.numberOfFrames()) {
            return Future.failedFuture(new BlobCorruptedException(l.blobKey(), "Basic Offset Table of " + bot.length()
                + " bytes for " + layout.numberOfFrames() + " frames"));
        }
        return readAll(l.blobKey(), bot.offset(), bot.length()).compose(table -> {
            // Offsets count from the first fragment's item tag, 8 bytes before its value.
            long origin = fragments.get(0).offset() - 8;
            int[] starts = new int[layout.numberOfFrames() + 1];
            int f = 0;
            for (int i = 0; i < layout.numberOfFrames(); i++) {
                long want = table.getUnsignedIntLE(4 * i);
                while (f < fragments.size() && fragments.get(f).offset() - 8 - origin < want) {
                    f++;
                }
                if (f == fragments.size() || fragments.get(f).offset() - 8 - origin != want || (i > 0 && f <= starts[i - 1])) {
                    return Future.failedFuture(new BlobCorruptedException(l.blobKey(),
                        "Basic Offset Table entry " + i + " does not point at a fragment"));
                }
                starts[i] = f;
            }
            starts[layout.numberOfFrames()] = fragments.size();
            return Future.succeededFuture(byFrame(frames, rangesFrom(fragments, starts)));
        });
    }

    /** One fragment per frame, or all fragments in the only frame. */
    private static List<List<long[]>> frameStarts(List<PixelDataLayout.Fragment> fragments, int numberOfFrames) {
        int[] starts = new int[numberOfFrames + 1];
        for (int i = 0; i < numberOfFrames; i++) {
            starts[i] = i;
        }
        starts[numberOfFrames] = fragments.size();
        return rangesFrom(fragments, starts);
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

    /** A small range (the Basic Offset Table, bounded by 4 × Number of Frames) read whole. */
    private Future<Buffer> readAll(String key, long offset, long length) {
        return blobs.get(key, offset, length).compose(stream -> {
            Buffer all = Buffer.buffer((int) length);
            io.vertx.core.Promise<Buffer> done = io.vertx.core.Promise.promise();
            stream.handler(all::appendBuffer);
            stream.exceptionHandler(done::tryFail);
            stream.endHandler(v -> done.tryComplete(all));
            return done.future();
        });
    }

    /** {@code syntax}: the stored one, or explicit VR little endian for implicit: native pixels are the same bytes in both. */
    private Future<Void> send(RoutingContext ctx, InstanceLocation l, String syntax, List<List<long[]>> frames) {
        HttpServerResponse response = ctx.response();
        MultipartResponse multipart = new MultipartResponse(response);
        String partType = OCTET_STREAM + "; transfer-syntax=" + syntax;
        // The first range is opened before the head goes out, so a missing blob is still a clean 503.
        long[] first = frames.get(0).get(0);
        return blobs.get(l.blobKey(), first[0], first[1]).compose(opened -> {
            response.setChunked(true)
                .putHeader("Content-Type", multipart.contentType(OCTET_STREAM))
                .putHeader("Content-Encoding", "identity")
                .putHeader("Cache-Control", InstanceRoutes.CACHE_CONTROL);
            Future<Void> chain = Future.succeededFuture();
            boolean firstRange = true;
            for (List<long[]> frame : frames) {
                chain = chain.compose(v -> multipart.startPart(partType, null));
                for (long[] range : frame) {
                    boolean useOpened = firstRange;
                    firstRange = false;
                    chain = chain.compose(v -> (useOpened ? Future.succeededFuture(opened)
                        : blobs.get(l.blobKey(), range[0], range[1])).compose(multipart::pipe));
                }
            }
            return chain.compose(v -> multipart.end()).onFailure(e -> opened.close());
        });
    }
}
