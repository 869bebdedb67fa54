package io.sagitta.dicomweb.wado;

import io.sagitta.dicomweb.DicomWebOptions;
import io.sagitta.dicomweb.http.EntityTags;
import io.sagitta.dicomweb.http.HttpProblem;
import io.sagitta.dicomweb.http.ResourceUrls;
import io.sagitta.dicomweb.http.SendFile;
import io.sagitta.storage.blob.BlobStore;
import io.sagitta.storage.index.InstanceIndex;
import io.sagitta.storage.index.InstanceLocation;
import io.sagitta.storage.index.Scope;
import io.vertx.core.Future;
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
 *   <li>Native Pixel Data: the header is parsed up to Pixel Data ({@link PixelDataLocator}); each
 *       frame is one byte range of the blob.
 *   <li>Encapsulated Pixel Data: the fragments are located; which make up each frame is decided by
 *       {@link FrameRanges} (offset tables or a scan of the fragments' start markers). The parts
 *       carry the compressed bytes as stored.
 * </ul>
 * {@code Accept: application/octet-stream} (a bare part type, as OHIF may ask) answers one frame as
 * the whole body. Frames are read and written by {@link RangeResponse}: small ones whole, several per
 * read, in one write; big ones streamed. Responses carry {@code Cache-Control} and an ETag ({@link EntityTags}); a matching
 * {@code If-None-Match} is 304.
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
    private final PixelDataLayouts layouts;
    private final DicomWebOptions options;

    private FrameRoutes(InstanceIndex index, PixelDataLayouts layouts, DicomWebOptions options) {
        this.index = index;
        this.blobs = layouts.blobs();
        this.layouts = layouts;
        this.options = options;
    }

    public static void mount(Router router, InstanceIndex index, PixelDataLayouts layouts, DicomWebOptions options) {
        FrameRoutes routes = new FrameRoutes(index, layouts, options);
        router.get("/studies/:study/series/:series/instances/:instance/frames/:frames").handler(routes::handle);
    }

    private void handle(RoutingContext ctx) {
        RetrieveNegotiation.Choice choice = RetrieveNegotiation.shape(ctx, OCTET_STREAM);
        List<String> accepted = choice.syntaxes();
        Scope scope = Scope.instance(ResourceUrls.requireUid(ctx, "study"), ResourceUrls.requireUid(ctx, "series"),
            ResourceUrls.requireUid(ctx, "instance"));
        List<Integer> frames = parseFrameList(ctx.pathParam("frames"));
        if (choice.singlePart() && frames.size() != 1) {
            throw HttpProblem.notAcceptable("several frames come as multipart/related; type=\"" + OCTET_STREAM
                + "\" only, a single part holds one frame");
        }
        index.locations(scope)
            .compose(locations -> {
                if (locations.isEmpty()) {
                    return Future.failedFuture(HttpProblem.notFound(InstanceRoutes.describe(scope) + " not found"));
                }
                InstanceLocation l = locations.get(0);
                String syntax = RetrieveNegotiation.choose(accepted, l.transferSyntaxUid());
                if (syntax == null) {
                    return Future.failedFuture(HttpProblem.notAcceptable("the frames are stored in transfer syntax "
                        + l.transferSyntaxUid() + " and cannot be converted to " + String.join(" or ", accepted)
                        + "; ask for transfer-syntax=*"));
                }
                String etag = EntityTags.of(locations, "frames;" + ctx.pathParam("frames") + ";" + syntax
                    + (choice.singlePart() ? ";single" : ""), !choice.singlePart());
                if (EntityTags.notModified(ctx.request(), ctx.response(), etag, InstanceRoutes.CACHE_CONTROL)) {
                    return Future.succeededFuture();
                }
                return layouts.layout(l.blobKey())
                    .compose(layout -> FrameRanges.of(blobs, l.blobKey(), layout, frames))
                    .compose(ranges -> {
                        SendFile sendFile = SendFile.of(ctx, options.sendFile());
                        return choice.singlePart()
                            ? RangeResponse.single(blobs, l.blobKey(), ctx.response(), sendFile, partType(syntax), ranges.get(0))
                            : RangeResponse.multipart(blobs, l.blobKey(), ctx.response(), sendFile, partType(syntax), ranges);
                    });
            })
            .onFailure(ctx::fail);
    }

    /** {@code syntax}: the stored one, or explicit VR little endian for implicit: native pixels are the same bytes in both. */
    private static String partType(String syntax) {
        return OCTET_STREAM + "; transfer-syntax=" + syntax;
    }

    /** "1,3,5" as frame numbers (1-based); {@link HttpProblem} 400 when malformed. */
    public static List<Integer> parseFrameList(String list) {
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
}
