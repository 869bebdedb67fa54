package io.sagitta.dicomweb.http;

import io.sagitta.dicomweb.stow.MalformedMultipartException;
import io.sagitta.storage.blob.BlobStoreException;
import io.sagitta.storage.index.IndexException;
import io.sagitta.storage.index.IndexUnavailableException;
import io.sagitta.storage.index.InvalidQueryException;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * The one place where the DICOMweb door maps failures to HTTP statuses (the router's failure
 * handler): {@link HttpProblem} to its own status, {@link InvalidQueryException} to 400,
 * {@link IndexUnavailableException} to 503 with Retry-After, {@link BlobStoreException} (bytes the
 * index points at that the store cannot give: missing, corrupt, unreachable) to 503 without the
 * key in the message, {@link MalformedMultipartException} (STOW-RS) to 400, anything else to 500. The body is a
 * small JSON object ({@code {"status":400,"error":"..."}}) with the reason; a 500 says no more
 * than "internal error" and the cause goes to the log, never into a response.
 *
 * <p>A failure after the response head was sent (a database that goes away half-way through a
 * streamed result) cannot change the status any more: the connection is reset instead, so the
 * client sees a broken response rather than a complete-looking, truncated one.
 */
public final class HttpErrors {

    private static final System.Logger LOG = System.getLogger(HttpErrors.class.getName());

    /** Seconds a client should wait before retrying while the index is unavailable. */
    static final String RETRY_AFTER_SECONDS = "5";

    private HttpErrors() {
    }

    /** The router's failure handler. */
    public static void handle(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        boolean ours = isMapped(failure);
        // A Vert.x Web handler's own refusal (CORS 403) comes as fail(status, exception).
        int status = ours ? statusOf(failure) : ctx.statusCode() >= 400 ? ctx.statusCode() : statusOf(failure);
        if (status < 400) {
            status = 500;
        }
        HttpServerResponse response = ctx.response();
        if (response.headWritten()) {
            if (!response.ended()) {
                LOG.log(System.Logger.Level.WARNING, "DICOMweb response to " + ctx.request().uri() + " failed after it started: " + failure);
                response.reset();
            }
            return;
        }
        String reason;
        if (status >= 500 && status != 503 && !(failure instanceof HttpProblem)) { // a 501 HttpProblem says why
            LOG.log(System.Logger.Level.ERROR, "DICOMweb request " + ctx.request().method() + " " + ctx.request().uri() + " failed", failure);
            reason = "internal error";
        } else {
            reason = failure instanceof BlobStoreException ? "the stored bytes are unavailable"
                : ours && failure.getMessage() != null ? failure.getMessage() : defaultReason(status);
            if (failure instanceof BlobStoreException) {
                LOG.log(System.Logger.Level.ERROR, "DICOMweb request " + ctx.request().uri() + ": " + failure);
            }
        }
        if (status == 503) {
            response.putHeader("Retry-After", RETRY_AFTER_SECONDS);
        }
        // Headers a handler set for a successful answer (content type, Warning) do not belong here.
        response.headers().remove("Content-Type").remove("Warning").remove("Cache-Control").remove("ETag");
        response.setStatusCode(status)
            .putHeader("Content-Type", "application/json")
            .end(new JsonObject().put("status", status).put("error", reason).encode());
    }

    private static boolean isMapped(Throwable failure) {
        return failure instanceof HttpProblem || failure instanceof InvalidQueryException || failure instanceof IndexException
            || failure instanceof MalformedMultipartException || failure instanceof BlobStoreException;
    }

    /** The status a failure answers with. */
    public static int statusOf(Throwable failure) {
        if (failure instanceof HttpProblem) {
            return ((HttpProblem) failure).status();
        }
        if (failure instanceof InvalidQueryException || failure instanceof MalformedMultipartException) {
            return 400;
        }
        if (failure instanceof BlobStoreException) {
            return 503; // the blob store is unreachable (STOW-RS before anything was stored)
        }
        if (failure instanceof IndexUnavailableException) {
            return 503;
        }
        if (failure instanceof BlobStoreException) {
            return 503;
        }
        if (failure instanceof IndexException) {
            return 500;
        }
        return 500;
    }

    private static String defaultReason(int status) {
        switch (status) {
            case 400: return "bad request";
            case 403: return "forbidden";
            case 404: return "not found";
            case 405: return "method not allowed";
            case 406: return "not acceptable";
            case 501: return "not implemented";
            case 415: return "unsupported media type";
            case 503: return "service unavailable";
            default: return "error " + status;
        }
    }
}
