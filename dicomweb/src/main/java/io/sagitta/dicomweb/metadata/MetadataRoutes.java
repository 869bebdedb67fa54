package io.sagitta.dicomweb.metadata;

import io.sagitta.dicomweb.DicomWebOptions;
import io.sagitta.dicomweb.http.HttpProblem;
import io.sagitta.dicomweb.http.JsonArrayResponse;
import io.sagitta.dicomweb.http.MediaTypes;
import io.sagitta.dicomweb.http.ResourceUrls;
import io.sagitta.storage.index.InstanceIndex;
import io.sagitta.storage.index.Scope;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * WADO-RS metadata (PS3.18 10.4.1.1.2): {@code /studies/{study}/metadata},
 * {@code .../series/{series}/metadata}, {@code .../instances/{instance}/metadata}, answered from
 * the index's stored DICOM JSON (no blob is read), one object per instance in series then
 * instance number order, streamed as it comes from the database, with BulkDataURIs made into
 * URLs under each instance ({@link BulkDataUriRewriter}). An unknown study, series or instance is 404.
 */
public final class MetadataRoutes {

    private final InstanceIndex index;
    private final DicomWebOptions options;

    private MetadataRoutes(InstanceIndex index, DicomWebOptions options) {
        this.index = index;
        this.options = options;
    }

    /** Adds the metadata routes to {@code router}. */
    public static void mount(Router router, InstanceIndex index, DicomWebOptions options) {
        MetadataRoutes routes = new MetadataRoutes(index, options);
        router.get("/studies/:study/metadata").handler(routes::handle);
        router.get("/studies/:study/series/:series/metadata").handler(routes::handle);
        router.get("/studies/:study/series/:series/instances/:instance/metadata").handler(routes::handle);
    }

    private void handle(RoutingContext ctx) {
        String contentType = MediaTypes.negotiateJson(ctx);
        String study = ResourceUrls.requireUid(ctx, "study");
        String series = ctx.pathParam("series") == null ? null : ResourceUrls.requireUid(ctx, "series");
        String instance = ctx.pathParam("instance") == null ? null : ResourceUrls.requireUid(ctx, "instance");
        Scope scope = new Scope(study, series, instance);
        String base = ResourceUrls.base(ctx, options);
        ctx.response().putHeader("Cache-Control", options.metadataMaxAgeSeconds() > 0
            ? "max-age=" + options.metadataMaxAgeSeconds() : "no-cache");
        JsonArrayResponse.stream(ctx, index.metadata(scope),
            (json, out) -> BulkDataUriRewriter.append(json, base, study, series, instance, out),
            contentType, () -> HttpProblem.notFound(describe(scope) + " not found"), options.stalledClientTimeout());
    }

    private static String describe(Scope scope) {
        if (scope.sopInstanceUid() != null) {
            return "instance " + scope.sopInstanceUid() + " of series " + scope.seriesInstanceUid() + " of study "
                + scope.studyInstanceUid();
        }
        if (scope.seriesInstanceUid() != null) {
            return "series " + scope.seriesInstanceUid() + " of study " + scope.studyInstanceUid();
        }
        return "study " + scope.studyInstanceUid();
    }
}
