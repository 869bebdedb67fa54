package io.sagitta.server.http;

import io.sagitta.dicomweb.http.SendFile;
import io.sagitta.server.logging.AuditLog;
import io.sagitta.server.logging.Caller;
import io.sagitta.server.logging.LogContext;
import io.sagitta.server.metrics.ArchiveMetrics;
import io.sagitta.storage.index.QueryLevel;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * The first handler of every HTTP request: gives it an id (the client's {@code X-Request-Id} when it is a
 * sane one, else {@code r-} and a number), returns the id in the response's {@code X-Request-Id}, binds it
 * to the request's Vert.x context for log lines ({@link LogContext}) and keeps it in the routing context
 * under {@link #REQUEST_ID}. When the response has ended, the DICOMweb and WADO-URI requests are audited and
 * measured by what their path says they are: QIDO-RS (a query at a level), STOW-RS (a store), WADO (a
 * retrieve), DELETE (a delete). Health and metrics requests are neither audited nor measured.
 */
public final class RequestTracking {

    /** The routing-context key of the request id. */
    public static final String REQUEST_ID = "sagitta.requestId";
    static final String HEADER = "X-Request-Id";
    /** Ids we take from clients: what tracing systems send (UUIDs, hex, dotted), nothing that could forge a log line. */
    private static final Pattern SANE_ID = Pattern.compile("[A-Za-z0-9._:@/+=-]{1,128}");

    private final ArchiveMetrics metrics;
    private final AtomicLong next = new AtomicLong();

    public RequestTracking(ArchiveMetrics metrics) {
        this.metrics = metrics;
    }

    public void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        String given = request.getHeader(HEADER);
        String id = given != null && SANE_ID.matcher(given).matches() ? given : "r-" + next.incrementAndGet();
        ctx.put(REQUEST_ID, id);
        LogContext.bindRequestId(Vertx.currentContext(), id);
        HttpServerResponse response = ctx.response();
        response.putHeader(HEADER, id);
        String path = request.path();
        Door door = Door.of(request.method(), path);
        if (door != null) {
            long started = System.nanoTime();
            response.endHandler(v -> ended(ctx, door, id, started));
            response.closeHandler(v -> {
                if (!response.ended()) {
                    ended(ctx, door, id, started);
                }
            });
        }
        ctx.next();
    }

    private void ended(RoutingContext ctx, Door door, String id, long started) {
        HttpServerRequest request = ctx.request();
        HttpServerResponse response = ctx.response();
        int status = response.ended() ? response.getStatusCode() : 499; // 499: the client went away first
        switch (door.kind) {
            case QUERY -> metrics.queried(ArchiveMetrics.QueryDoor.QIDO, door.level, System.nanoTime() - started);
            case STORE -> metrics.storeRequest(ArchiveMetrics.StoreDoor.STOW,
                status == 200 ? ArchiveMetrics.Outcome.SUCCESS
                    : status == 202 ? ArchiveMetrics.Outcome.PARTIAL : ArchiveMetrics.Outcome.FAILURE);
            case RETRIEVE -> {
                metrics.retrievedBytes(ArchiveMetrics.RetrieveDoor.WADO, SendFile.bytesSent(ctx));
                if (status == 200 && request.path().startsWith("/wado")) {
                    metrics.instanceRetrieved(ArchiveMetrics.RetrieveDoor.WADO); // WADO-URI: one instance
                }
            }
            case DELETE -> { }
        }
        AuditLog.line(door.kind.event, door.name, Caller.http(id, remote(request)))
            .with("method", request.method().name())
            .with("path", request.path())
            .with("query", request.query())
            .with("level", door.level == null ? null : door.level.name())
            .with("outcome", status)
            .log();
    }

    static String remote(HttpServerRequest request) {
        io.vertx.core.net.SocketAddress address = request.remoteAddress();
        if (address == null) {
            return null;
        }
        String host = address.hostAddress() != null ? address.hostAddress() : address.host();
        return (host != null && host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + address.port();
    }

    /** What a request is, from its method and path. */
    record Door(Kind kind, String name, QueryLevel level) {

        enum Kind {
            QUERY("query"), STORE("store"), RETRIEVE("retrieve"), DELETE("delete");

            final String event;

            Kind(String event) {
                this.event = event;
            }
        }

        /** Null for what is not a DICOM request (health, metrics, anything unknown). */
        static Door of(HttpMethod method, String path) {
            if (path.startsWith("/wado")) {
                return method == HttpMethod.GET ? new Door(Kind.RETRIEVE, "wado", null) : null;
            }
            if (!path.startsWith("/dicom-web/")) {
                return null;
            }
            String rest = path.substring("/dicom-web".length());
            if (method == HttpMethod.DELETE) {
                return new Door(Kind.DELETE, "dicomweb", null);
            }
            if (method == HttpMethod.POST) {
                return rest.matches("/studies(/[^/]+)?/?") ? new Door(Kind.STORE, "stow", null) : null;
            }
            if (method != HttpMethod.GET && method != HttpMethod.HEAD) {
                return null;
            }
            String last = rest.substring(rest.lastIndexOf('/') + 1);
            return switch (last) {
                case "studies" -> new Door(Kind.QUERY, "qido", QueryLevel.STUDY);
                case "series" -> new Door(Kind.QUERY, "qido", QueryLevel.SERIES);
                case "instances" -> new Door(Kind.QUERY, "qido", QueryLevel.IMAGE);
                default -> new Door(Kind.RETRIEVE, "wado", null);
            };
        }
    }
}
