package io.sagitta.dicomweb.wado;

import io.sagitta.dicomweb.DicomWebOptions;
import io.sagitta.dicomweb.http.CrossOrigin;
import io.sagitta.dicomweb.http.HttpErrors;
import io.sagitta.dicomweb.http.EntityTags;
import io.sagitta.dicomweb.http.HttpProblem;
import io.sagitta.dicomweb.rendered.ImageRendering;
import io.sagitta.dicomweb.rendered.RenderedMediaType;
import io.sagitta.dicomweb.rendered.RenderingParameters;
import io.sagitta.dicomweb.rendered.WadoUriRendering;
import io.sagitta.storage.blob.BlobStore;
import io.sagitta.storage.index.InstanceIndex;
import io.sagitta.storage.index.Scope;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.CorsHandler;

/**
 * WADO-URI (PS3.18 9): {@code GET ?requestType=WADO&studyUID=..&seriesUID=..&objectUID=..}, a
 * {@link Router} of its own because deployments put it outside {@code /dicom-web}:
 * <pre>{@code
 * root.route("/wado/*").subRouter(WadoUri.create(vertx, index, blobs, options));
 * }</pre>
 * {@code contentType} {@code application/dicom} (the default) answers the stored Part 10 file,
 * streamed, with its size as Content-Length and an ETag from its UID and checksum; {@code transferSyntax} other
 * than the stored one is 406 (no transcoding). {@code image/jpeg} and {@code image/png} answer the
 * rendered frame ({@link WadoUriRendering}: {@code rows}, {@code columns}, {@code windowCenter},
 * {@code windowWidth}, {@code frameNumber}, {@code imageQuality}); other types are 406. A missing or
 * invalid parameter is 400, an unknown object 404.
 */
public final class WadoUri {

    private WadoUri() {
    }

    /** WADO-URI without CORS headers (a viewer on the same origin). */
    public static Router create(Vertx vertx, InstanceIndex index, BlobStore blobs) {
        return create(vertx, index, blobs, DicomWebOptions.DEFAULT);
    }

    /**
     * WADO-URI allowing the browser origins of {@link DicomWebOptions#corsAllowedOrigins()}, the same as the
     * DICOMweb routes: OHIF configured with {@code imageRendering: 'wadouri'} loads every image from here.
     */
    public static Router create(Vertx vertx, InstanceIndex index, BlobStore blobs, DicomWebOptions options) {
        Router router = Router.router(vertx);
        CorsHandler cors = CrossOrigin.handler(options.corsAllowedOrigins());
        if (cors != null) {
            router.route().handler(cors);
        }
        WadoUriRendering rendering = new WadoUriRendering(ImageRendering.create(vertx, new PixelDataLayouts(blobs)));
        // Mounted at "/wado/*", a request for "/wado" itself arrives with no path of its own.
        router.get().handler(ctx -> {
            String mount = ctx.mountPoint() == null ? "" : ctx.mountPoint();
            String rest = ctx.normalizedPath().substring(Math.min(ctx.normalizedPath().length(),
                mount.endsWith("/") ? mount.length() - 1 : mount.length()));
            if (rest.isEmpty() || rest.equals("/")) {
                handle(ctx, index, blobs, rendering);
            } else {
                ctx.next();
            }
        });
        router.route().failureHandler(HttpErrors::handle);
        return router;
    }

    private static void handle(RoutingContext ctx, InstanceIndex index, BlobStore blobs, WadoUriRendering rendering) {
        String requestType = ctx.queryParams().get("requestType");
        if (!"WADO".equals(requestType)) {
            throw HttpProblem.badRequest("requestType must be WADO");
        }
        String study = uid(ctx, "studyUID");
        String series = uid(ctx, "seriesUID");
        String object = uid(ctx, "objectUID");
        String contentType = ctx.queryParams().get("contentType");
        RenderedMediaType rendered = contentType == null || contentType.isBlank() ? null
            : WadoUriRendering.renderedType(contentType);
        RenderingParameters parameters = rendered == null ? null : WadoUriRendering.parameters(ctx.queryParams());
        int frame = rendered == null ? 1 : WadoUriRendering.frameNumber(ctx.queryParams());
        String syntax = ctx.queryParams().get("transferSyntax");
        index.locations(Scope.instance(study, series, object))
            .compose(locations -> {
                if (locations.isEmpty()) {
                    return Future.failedFuture(HttpProblem.notFound("object " + object + " of series " + series
                        + " of study " + study + " not found"));
                }
                var l = locations.get(0);
                if (rendered != null) {
                    return rendering.respond(ctx.response(), l, rendered, parameters, frame);
                }
                if (syntax != null && !syntax.isBlank() && !syntax.equals("*") && !syntax.equals(l.transferSyntaxUid())) {
                    return Future.failedFuture(HttpProblem.notAcceptable("the object is stored in transfer syntax "
                        + l.transferSyntaxUid() + " and cannot be converted"));
                }
                HttpServerResponse response = ctx.response();
                String etag = EntityTags.of(java.util.List.of(l), "file", false);
                if (EntityTags.notModified(ctx.request(), response, etag, InstanceRoutes.CACHE_CONTROL)) {
                    return Future.succeededFuture();
                }
                return blobs.get(l.blobKey()).compose(body -> {
                    response.putHeader("Content-Type", "application/dicom")
                        .putHeader("Content-Length", Long.toString(body.length()))
                        .putHeader("Content-Encoding", "identity")
                        .putHeader("Content-Disposition", "attachment; filename=\"" + object + ".dcm\"")
                        .putHeader("Cache-Control", InstanceRoutes.CACHE_CONTROL);
                    return MultipartResponse.pipe(body, response).compose(v -> response.end());
                });
            })
            .onFailure(ctx::fail);
    }

    private static String uid(RoutingContext ctx, String param) {
        String uid = ctx.queryParams().get(param);
        if (uid == null || uid.isEmpty() || uid.length() > 64) {
            throw HttpProblem.badRequest((uid == null || uid.isEmpty() ? "missing " : "invalid ") + param);
        }
        for (int i = 0; i < uid.length(); i++) {
            char c = uid.charAt(i);
            if (!(c >= '0' && c <= '9') && c != '.') {
                throw HttpProblem.badRequest("invalid " + param + ": a UID is digits and dots");
            }
        }
        return uid;
    }
}
