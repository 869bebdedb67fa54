package io.sagitta.server.logging;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;

/**
 * The HTTP request id of the Vert.x context a log line is written on.
 *
 * <p>Why not SLF4J's MDC: it is thread-local, and one event-loop thread interleaves many requests and
 * associations, while one request's callbacks run on whichever thread completes them (the R2DBC driver's,
 * a worker's). Vert.x runs each HTTP request on its own duplicated context, and code that follows Vert.x
 * futures comes back onto it; so the request id is kept in that context's local data, and the log encoders
 * read it from the context current when a line is written (they run on the logging thread: Sagitta's
 * appenders are synchronous). Our own code passes ids explicitly as key-value pairs wherever it can; this
 * catches the lines of code that does not know about ids (dicomweb's error mapping, for one). DIMSE
 * associations run on Netty handlers, not on Vert.x contexts: their id is always passed explicitly.
 */
public final class LogContext {

    /** The key-value name of an HTTP request id in log lines. */
    public static final String REQUEST_ID = "request_id";
    /** The key-value name of an association id in log lines. */
    public static final String ASSOCIATION = "association";

    private static final Object KEY = new Object();

    private LogContext() {
    }

    /** Binds {@code requestId} to {@code context} if it is a request's own (duplicated) context. */
    public static void bindRequestId(Context context, String requestId) {
        if (context instanceof ContextInternal internal && internal.isDuplicate()) {
            internal.putLocal(KEY, requestId);
        }
    }

    /** The request id of the current Vert.x context, or null. */
    public static String requestId() {
        Context context = Vertx.currentContext();
        if (context instanceof ContextInternal internal && internal.isDuplicate()) {
            Object id = internal.getLocal(KEY);
            return id instanceof String s ? s : null;
        }
        return null;
    }
}
