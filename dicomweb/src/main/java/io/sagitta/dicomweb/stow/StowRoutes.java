package io.sagitta.dicomweb.stow;

import io.sagitta.dicomweb.DicomWebOptions;
import io.sagitta.dicomweb.http.HttpProblem;
import io.sagitta.dicomweb.http.ResourceUrls;
import io.sagitta.storage.store.InstanceStore;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * STOW-RS (PS3.18 10.5): {@code POST /studies} and {@code POST /studies/{study}} with a
 * {@code multipart/related; type="application/dicom"} body of Part 10 instances. No BodyHandler:
 * the body is read chunk by chunk and each part streams into the store path (see {@link StowRequest}).
 */
public final class StowRoutes {

    /** Limits of the multipart reader: a part's header block, and the parts in one request. */
    static final int MAX_HEADER_BYTES = 16 * 1024;
    static final int MAX_PARTS = 10_000;

    private StowRoutes() {
    }

    public static void mount(Router router, InstanceStore store, DicomWebOptions options) {
        router.post("/studies").handler(ctx -> start(ctx, store, options, null));
        router.post("/studies/:study").handler(ctx -> start(ctx, store, options, ResourceUrls.requireUid(ctx, "study")));
    }

    private static void start(RoutingContext ctx, InstanceStore store, DicomWebOptions options, String study) {
        String contentType = ctx.request().getHeader("Content-Type");
        String type = MediaType.parameter(contentType, "type");
        if (!"multipart/related".equals(MediaType.type(contentType))
            || (type != null && !"application/dicom".equalsIgnoreCase(type.trim()))) {
            throw new HttpProblem(415, "STOW-RS takes multipart/related; type=\"application/dicom\", not " + contentType);
        }
        String boundary = MultipartReader.boundaryOf(contentType);
        new StowRequest(ctx, store, ResourceUrls.base(ctx, options), study, boundary, options.listener()).start();
    }
}
