package io.sagitta.server.http;

import io.sagitta.server.metrics.ArchiveMetrics;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /metrics}: the registry in Prometheus text format. The scrape reads every gauge (some from the
 * operating system, through MXBeans that read {@code /proc}), so it runs on a worker thread, not the event loop.
 */
public final class MetricsEndpoint {

    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final Vertx vertx;
    private final ArchiveMetrics metrics;

    public MetricsEndpoint(Vertx vertx, ArchiveMetrics metrics) {
        this.vertx = vertx;
        this.metrics = metrics;
    }

    public void handle(RoutingContext ctx) {
        vertx.executeBlocking(metrics::scrape, false).onComplete(ar -> {
            if (ar.succeeded()) {
                ctx.response().putHeader("Content-Type", CONTENT_TYPE).putHeader("Cache-Control", "no-store")
                    .end(ar.result());
            } else {
                ctx.fail(500, ar.cause());
            }
        });
    }
}
