package io.sagitta.dicomweb.delete;

import io.sagitta.dicomweb.DicomWebOptions;
import io.sagitta.dicomweb.http.HttpProblem;
import io.sagitta.dicomweb.http.ResourceUrls;
import io.sagitta.dicomweb.wado.InstanceRoutes;
import io.sagitta.storage.index.Scope;
import io.sagitta.storage.store.InstanceStore;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Deletion of a study, series or instance: {@code DELETE /studies/{study}},
 * {@code .../series/{series}}, {@code .../instances/{instance}}. PS3.18 has no such transaction,
 * but dcm4chee and Orthanc users expect one. 204 once the index rows are gone (the blobs follow;
 * one that cannot be deleted is left to the orphan sweeper), 404 when there was nothing. When
 * {@link DicomWebOptions#allowDelete()} is off the routes answer 405, saying how to turn them on.
 */
public final class DeleteRoutes {

    private final InstanceStore store;
    private final boolean allowed;

    private DeleteRoutes(InstanceStore store, boolean allowed) {
        this.store = store;
        this.allowed = allowed;
    }

    /** Adds the delete routes to {@code router}. */
    public static void mount(Router router, InstanceStore store, DicomWebOptions options) {
        DeleteRoutes routes = new DeleteRoutes(store, options.allowDelete());
        router.delete("/studies/:study").handler(routes::handle);
        router.delete("/studies/:study/series/:series").handler(routes::handle);
        router.delete("/studies/:study/series/:series/instances/:instance").handler(routes::handle);
    }

    private void handle(RoutingContext ctx) {
        if (!allowed) {
            ctx.fail(new HttpProblem(405, "deletion is turned off on this server (http.allow_delete)"));
            return;
        }
        String study = ResourceUrls.requireUid(ctx, "study");
        String series = ctx.pathParam("series") == null ? null : ResourceUrls.requireUid(ctx, "series");
        String instance = ctx.pathParam("instance") == null ? null : ResourceUrls.requireUid(ctx, "instance");
        Scope scope = new Scope(study, series, instance);
        store.delete(scope).onComplete(ar -> {
            if (ar.failed()) {
                ctx.fail(ar.cause());
            } else if (ar.result().isEmpty()) {
                ctx.fail(HttpProblem.notFound(InstanceRoutes.describe(scope) + " not found"));
            } else {
                ctx.response().setStatusCode(204).end();
            }
        });
    }
}
