package io.sagitta.dicomweb;

import io.sagitta.dicomweb.delete.DeleteRoutes;
import io.sagitta.dicomweb.http.CrossOrigin;
import io.sagitta.dicomweb.http.HttpErrors;
import io.sagitta.dicomweb.metadata.MetadataRoutes;
import io.sagitta.dicomweb.qido.QidoRoutes;
import io.sagitta.dicomweb.rendered.ImageRendering;
import io.sagitta.dicomweb.rendered.RenderedRoutes;
import io.sagitta.dicomweb.stow.StowRoutes;
import io.sagitta.dicomweb.wado.BulkDataRoutes;
import io.sagitta.dicomweb.wado.FrameRoutes;
import io.sagitta.dicomweb.wado.InstanceRoutes;
import io.sagitta.dicomweb.wado.PixelDataLayouts;
import io.sagitta.storage.blob.BlobStore;
import io.sagitta.storage.index.InstanceIndex;
import io.sagitta.storage.store.InstanceStore;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.CorsHandler;

/**
 * The DICOMweb door: a Vert.x Web {@link Router} to mount under {@code /dicom-web}:
 * <pre>{@code
 * Router root = Router.router(vertx);
 * root.route("/dicom-web/*").subRouter(DicomWeb.create(vertx, index, blobs, DicomWebOptions.DEFAULT));
 * root.route("/wado/*").subRouter(WadoUri.create(vertx, index, blobs, options)); // WADO-URI, outside /dicom-web
 * vertx.createHttpServer(new HttpServerOptions().setCompressionSupported(true)).requestHandler(root).listen(8080);
 * }</pre>
 * No route buffers a request body (no {@code BodyHandler}): STOW-RS streams its parts into the store. JSON is
 * written as it is produced, so enabling compression on the server gzips it on the way.
 * Failures are mapped to statuses in one place, {@link HttpErrors}.
 */
public final class DicomWeb {

    private DicomWeb() {
    }

    /** The DICOMweb routes on {@code index} without instance retrieval (no blob store): QIDO-RS and metadata. */
    public static Router create(Vertx vertx, InstanceIndex index, DicomWebOptions options) {
        return create(vertx, index, null, null, options);
    }

    /** QIDO-RS, metadata, and WADO-RS retrieval from {@code blobs}; no STOW-RS. */
    public static Router create(Vertx vertx, InstanceIndex index, BlobStore blobs, DicomWebOptions options) {
        return create(vertx, index, blobs, null, options);
    }

    /** QIDO-RS, metadata and STOW-RS into {@code store}; no WADO-RS retrieval. */
    public static Router create(Vertx vertx, InstanceIndex index, InstanceStore store, DicomWebOptions options) {
        return create(vertx, index, null, store, options);
    }

    /**
     * The DICOMweb routes on {@code index}, configured by {@code options}: WADO-RS instance and
     * frame retrieval when {@code blobs} is given (else they answer 404), STOW-RS
     * ({@code POST /studies}, {@code POST /studies/{study}}) and deletion ({@code DELETE} of a study,
     * series or instance, if {@link DicomWebOptions#allowDelete()}) when {@code store} is given.
     */
    public static Router create(Vertx vertx, InstanceIndex index, BlobStore blobs, InstanceStore store,
                                DicomWebOptions options) {
        Router router = Router.router(vertx);
        CorsHandler cors = CrossOrigin.handler(options.corsAllowedOrigins());
        if (cors != null) {
            router.route().handler(cors);
        }
        QidoRoutes.mount(router, index, options);
        MetadataRoutes.mount(router, index, options);
        if (blobs != null) {
            // After metadata: "/studies/:study" must not swallow ".../metadata" (it does not: paths match whole).
            PixelDataLayouts layouts = new PixelDataLayouts(blobs);
            FrameRoutes.mount(router, index, layouts, options);
            BulkDataRoutes.mount(router, index, layouts, options);
            InstanceRoutes.mount(router, index, blobs, options);
            RenderedRoutes.mount(router, index, ImageRendering.create(vertx, layouts), options);
        }
        if (store != null) {
            StowRoutes.mount(router, store, options);
            DeleteRoutes.mount(router, store, options);
        }
        router.route().failureHandler(HttpErrors::handle);
        return router;
    }
}
