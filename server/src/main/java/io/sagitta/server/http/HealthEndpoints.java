package io.sagitta.server.http;

import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * {@code GET /health/live} (the process answers) and {@code GET /health/ready} (the index and the
 * blob store answer, within a deadline). Load balancers and systemd watchdogs poll these.
 */
public final class HealthEndpoints {

    private final Supplier<Future<Void>> readiness;
    private final Duration deadline;

    public HealthEndpoints(Supplier<Future<Void>> readiness, Duration deadline) {
        this.readiness = readiness;
        this.deadline = deadline;
    }

    /** Answers the request if it is a health check; returns false otherwise. */
    public boolean handle(HttpServerRequest request) {
        String path = request.path();
        if (!path.equals("/health/live") && !path.equals("/health/ready")) {
            return false;
        }
        if (request.method() != io.vertx.core.http.HttpMethod.GET && request.method() != io.vertx.core.http.HttpMethod.HEAD) {
            request.response().setStatusCode(405).putHeader("Allow", "GET, HEAD").end();
            return true;
        }
        if (path.equals("/health/live")) {
            respond(request, 200, "UP");
            return true;
        }
        Future<Void> check;
        try {
            check = readiness.get();
        } catch (RuntimeException e) {
            check = Future.failedFuture(e);
        }
        check.timeout(deadline.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
            .onSuccess(ok -> respond(request, 200, "UP"))
            .onFailure(failure -> respond(request, 503, "DOWN"));
        return true;
    }

    private static void respond(HttpServerRequest request, int status, String state) {
        request.response().setStatusCode(status)
            .putHeader("Content-Type", "application/json")
            .putHeader("Cache-Control", "no-store")
            .end("{\"status\":\"" + state + "\"}");
    }
}
