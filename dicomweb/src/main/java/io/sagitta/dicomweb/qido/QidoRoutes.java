package io.sagitta.dicomweb.qido;

import io.sagitta.core.data.Dataset;
import io.sagitta.core.data.Tag;
import io.sagitta.core.data.VR;
import io.sagitta.core.json.DicomJsonWriter;
import io.sagitta.dicomweb.DicomWebOptions;
import io.sagitta.dicomweb.http.JsonArrayResponse;
import io.sagitta.dicomweb.http.MediaTypes;
import io.sagitta.dicomweb.http.ResourceUrls;
import io.sagitta.dicomweb.http.Warnings;
import io.sagitta.dicomweb.metadata.BulkDataUriRewriter;
import io.sagitta.storage.index.InstanceIndex;
import io.sagitta.storage.index.QueryLevel;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * QIDO-RS (PS3.18 10.6): {@code /studies}, {@code /series}, {@code /instances} and their
 * study- and series-scoped forms, answered by the index's one query path and streamed as a DICOM
 * JSON array while the database cursor advances. Each result carries its RetrieveURL (0008,1190),
 * which viewers follow to the study, series or instance. An empty result is 200 {@code []}.
 */
public final class QidoRoutes {

    private static final DicomJsonWriter WRITER = DicomJsonWriter.create();

    private final InstanceIndex index;
    private final DicomWebOptions options;

    private QidoRoutes(InstanceIndex index, DicomWebOptions options) {
        this.index = index;
        this.options = options;
    }

    /** Adds the QIDO-RS routes to {@code router}. */
    public static void mount(Router router, InstanceIndex index, DicomWebOptions options) {
        QidoRoutes routes = new QidoRoutes(index, options);
        router.get("/studies").handler(ctx -> routes.handle(ctx, QueryLevel.STUDY));
        router.get("/series").handler(ctx -> routes.handle(ctx, QueryLevel.SERIES));
        router.get("/instances").handler(ctx -> routes.handle(ctx, QueryLevel.IMAGE));
        router.get("/studies/:study/series").handler(ctx -> routes.handle(ctx, QueryLevel.SERIES));
        router.get("/studies/:study/instances").handler(ctx -> routes.handle(ctx, QueryLevel.IMAGE));
        router.get("/studies/:study/series/:series/instances").handler(ctx -> routes.handle(ctx, QueryLevel.IMAGE));
    }

    private void handle(RoutingContext ctx, QueryLevel level) {
        String contentType = MediaTypes.negotiateJson(ctx);
        String study = ctx.pathParam("study") == null ? null : ResourceUrls.requireUid(ctx, "study");
        String series = ctx.pathParam("series") == null ? null : ResourceUrls.requireUid(ctx, "series");
        QidoQuery query = QidoQuery.parse(level, study, series, ctx.queryParams(), options.maxQueryResults());
        for (String warning : query.warnings()) {
            Warnings.add(ctx, warning);
        }
        String base = ResourceUrls.base(ctx, options);
        JsonArrayResponse.stream(ctx, index.query(query.indexQuery()), (dataset, out) -> write(dataset, level, base, out),
            contentType, null, options.stalledClientTimeout());
    }

    private static void write(Dataset result, QueryLevel level, String base, StringBuilder out) throws java.io.IOException {
        String study = result.getString(Tag.StudyInstanceUID);
        String series = result.getString(Tag.SeriesInstanceUID);
        String instance = result.getString(Tag.SOPInstanceUID);
        String url;
        switch (level) {
            case STUDY:
                url = ResourceUrls.study(base, study);
                break;
            case SERIES:
                url = ResourceUrls.series(base, study, series);
                break;
            default:
                url = ResourceUrls.instance(base, study, series, instance);
                break;
        }
        result.setString(Tag.RetrieveURL, VR.UR, url);
        if (level != QueryLevel.IMAGE) {
            WRITER.write(result, out);
            return;
        }
        // Instance results may carry stored attributes read from the metadata, bulk data placeholders included.
        StringBuilder json = new StringBuilder(512);
        WRITER.write(result, json);
        BulkDataUriRewriter.append(json, base, study, series, instance, out);
    }
}
