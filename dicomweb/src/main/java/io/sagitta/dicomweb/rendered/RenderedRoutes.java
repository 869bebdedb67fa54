package io.sagitta.dicomweb.rendered;

import io.sagitta.dicomweb.DicomWebOptions;
import io.sagitta.dicomweb.http.HttpProblem;
import io.sagitta.dicomweb.http.ResourceUrls;
import io.sagitta.dicomweb.wado.FrameRoutes;
import io.sagitta.dicomweb.wado.InstanceRoutes;
import io.sagitta.dicomweb.wado.MultipartResponse;
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
 * WADO-RS rendered and thumbnail resources (PS3.18 10.4.1.1.3, 10.4.1.1.4) as JPEG or PNG
 * ({@link RenderedMediaType}), with {@code window}, {@code viewport} and {@code quality}
 * ({@link RenderingParameters}):
 * <ul>
 *   <li>{@code .../instances/{i}/rendered}: the instance's first frame;
 *       {@code .../frames/{list}/rendered}: one frame as an image, several as a multipart of images;
 *   <li>{@code .../studies/{s}/rendered}, {@code .../series/{r}/rendered}: a
 *       {@code multipart/related} of every instance's first frame, in series and instance order,
 *       instances without Pixel Data left out;
 *   <li>{@code /thumbnail} at study, series, instance and frame level: one image fitted into
 *       {@value RenderingParameters#THUMBNAIL_SIZE} px (or the viewport), of the middle instance of
 *       the first series for a study or series, of the first frame for an instance.
 * </ul>
 * Instances are rendered one after the other, each frame's bytes read alone ({@link ImageRendering}).
 */
public final class RenderedRoutes {

    private final InstanceIndex index;
    private final ImageRendering rendering;
    private final DicomWebOptions options;

    private RenderedRoutes(InstanceIndex index, ImageRendering rendering, DicomWebOptions options) {
        this.index = index;
        this.rendering = rendering;
        this.options = options;
    }

    public static void mount(Router router, InstanceIndex index, ImageRendering rendering, DicomWebOptions options) {
        RenderedRoutes routes = new RenderedRoutes(index, rendering, options);
        String instance = "/studies/:study/series/:series/instances/:instance";
        router.get("/studies/:study/rendered").handler(routes::renderedAll);
        router.get("/studies/:study/series/:series/rendered").handler(routes::renderedAll);
        router.get(instance + "/rendered").handler(ctx -> routes.renderedFrames(ctx, List.of(1)));
        router.get(instance + "/frames/:frames/rendered").handler(ctx ->
            routes.renderedFrames(ctx, FrameRoutes.parseFrameList(ctx.pathParam("frames"))));
        router.get("/studies/:study/thumbnail").handler(ctx -> routes.thumbnail(ctx, 1));
        router.get("/studies/:study/series/:series/thumbnail").handler(ctx -> routes.thumbnail(ctx, 1));
        router.get(instance + "/thumbnail").handler(ctx -> routes.thumbnail(ctx, 1));
        router.get(instance + "/frames/:frame/thumbnail").handler(ctx -> routes.thumbnail(ctx, singleFrame(ctx)));
    }

    private static int singleFrame(RoutingContext ctx) {
        List<Integer> frames = FrameRoutes.parseFrameList(ctx.pathParam("frame"));
        if (frames.size() != 1) {
            throw HttpProblem.badRequest("a thumbnail is of one frame");
        }
        return frames.get(0);
    }

    private static Scope scope(RoutingContext ctx) {
        String study = ResourceUrls.requireUid(ctx, "study");
        String series = ctx.pathParam("series") == null ? null : ResourceUrls.requireUid(ctx, "series");
        String instance = ctx.pathParam("instance") == null ? null : ResourceUrls.requireUid(ctx, "instance");
        return new Scope(study, series, instance);
    }

    private void thumbnail(RoutingContext ctx, int frame) {
        RenderingParameters parameters = RenderingParameters.fromQuery(ctx.queryParams(), RenderingParameters.THUMBNAIL_SIZE);
        RenderedMediaType type = RenderedMediaType.negotiate(acceptValues(ctx));
        Scope scope = scope(ctx);
        locations(scope)
            .compose(locations -> rendering.render(representative(locations), frame, parameters, type))
            .compose(image -> single(ctx.response(), type, image))
            .onFailure(ctx::fail);
    }

    /** The middle instance of the first series (locations come in series, then instance number order). */
    static InstanceLocation representative(List<InstanceLocation> locations) {
        String firstSeries = locations.get(0).seriesInstanceUid();
        int count = 0;
        while (count < locations.size() && locations.get(count).seriesInstanceUid().equals(firstSeries)) {
            count++;
        }
        return locations.get((count - 1) / 2);
    }

    private void renderedFrames(RoutingContext ctx, List<Integer> frames) {
        RenderingParameters parameters = RenderingParameters.fromQuery(ctx.queryParams(), 0);
        RenderedMediaType type = RenderedMediaType.negotiate(acceptValues(ctx));
        Scope scope = scope(ctx);
        locations(scope).compose(locations -> {
            InstanceLocation l = locations.get(0);
            if (frames.size() == 1) {
                return rendering.render(l, frames.get(0), parameters, type).compose(image -> single(ctx.response(), type, image));
            }
            List<Part> parts = new ArrayList<>();
            for (int f : frames) {
                parts.add(new Part(l, f, null));
            }
            return multipart(ctx.response(), parts, parameters, type);
        }).onFailure(ctx::fail);
    }

    private void renderedAll(RoutingContext ctx) {
        RenderingParameters parameters = RenderingParameters.fromQuery(ctx.queryParams(), 0);
        RenderedMediaType type = RenderedMediaType.negotiate(acceptValues(ctx));
        Scope scope = scope(ctx);
        String base = ResourceUrls.base(ctx, options);
        locations(scope).compose(locations -> {
            List<Part> parts = new ArrayList<>();
            for (InstanceLocation l : locations) {
                // Refuse up front rather than after half of the parts went out.
                FrameRenderer.checkRenderable(l.transferSyntaxUid());
                parts.add(new Part(l, 1, ResourceUrls.instance(base, l.studyInstanceUid(), l.seriesInstanceUid(),
                    l.sopInstanceUid()) + "/rendered"));
            }
            return multipart(ctx.response(), parts, parameters, type);
        }).onFailure(ctx::fail);
    }

    private Future<List<InstanceLocation>> locations(Scope scope) {
        return index.locations(scope).compose(locations -> locations.isEmpty()
            ? Future.failedFuture(HttpProblem.notFound(InstanceRoutes.describe(scope) + " not found"))
            : Future.succeededFuture(locations));
    }

    private static Future<Void> single(HttpServerResponse response, RenderedMediaType type, byte[] image) {
        return response.putHeader("Content-Type", type.mime())
            .putHeader("Content-Encoding", "identity") // already compressed
            .putHeader("Cache-Control", InstanceRoutes.CACHE_CONTROL)
            .end(Buffer.buffer(image));
    }

    /** One image of a multipart answer: a frame of an instance, and its Content-Location (or null). */
    private record Part(InstanceLocation location, int frame, String contentLocation) {
    }

    /**
     * The parts rendered one at a time, each written before the next is rendered. The head goes out
     * with the first image, so a failure before it is still a clean status; instances without Pixel
     * Data (404 from the locator) are left out, and nothing left at all is 404.
     */
    private Future<Void> multipart(HttpServerResponse response, List<Part> parts, RenderingParameters parameters,
                                   RenderedMediaType type) {
        MultipartResponse multipart = new MultipartResponse(response);
        Future<Void> chain = Future.succeededFuture();
        for (Part part : parts) {
            chain = chain.compose(v -> rendering.render(part.location(), part.frame(), parameters, type)
                .recover(e -> parts.size() > 1 && e instanceof HttpProblem && ((HttpProblem) e).status() == 404
                    && part.contentLocation() != null ? Future.succeededFuture(null) : Future.failedFuture(e))
                .compose(image -> {
                    if (image == null) {
                        return Future.succeededFuture();
                    }
                    if (!response.headWritten()) {
                        response.setChunked(true)
                            .putHeader("Content-Type", multipart.contentType(type.mime()))
                            .putHeader("Content-Encoding", "identity")
                            .putHeader("Cache-Control", InstanceRoutes.CACHE_CONTROL);
                    }
                    return multipart.startPart(type.mime(), part.contentLocation())
                        .compose(w -> multipart.write(Buffer.buffer(image)));
                }));
        }
        return chain.compose(v -> response.headWritten() ? multipart.end()
            : Future.failedFuture(HttpProblem.notFound("no instance with Pixel Data to render")));
    }

    private static List<String> acceptValues(RoutingContext ctx) {
        List<String> values = ctx.queryParams().getAll("accept");
        if (values.isEmpty()) {
            return ctx.request().headers().getAll("Accept");
        }
        List<String> fixed = new ArrayList<>();
        for (String v : values) {
            fixed.add(v.replace(' ', '+'));
        }
        return fixed;
    }
}
