package io.sagitta.dicomweb.http;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.streams.ReadStream;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Streams a {@link ReadStream} of results as one JSON array, written as the results arrive.
 *
 * <ul>
 *   <li>Back-pressure: when the response's write queue is full the source is paused, and resumed
 *       on drain, so a slow client holds back the database cursor instead of filling memory.
 *   <li>Coalescing: items delivered together are appended to one buffer, which is written once the
 *       current burst is handled (or earlier past {@value #FLUSH_BYTES} bytes): few large chunks,
 *       and the first results still leave at once.
 *   <li>The head is sent with the first write. Until then a failure becomes a proper error
 *       response (503 for an unavailable index); an empty source is {@code []}, or {@code whenEmpty}
 *       when given (404 for metadata of an unknown study). Afterwards a failure resets the
 *       connection (see {@link HttpErrors}).
 *   <li>A client that goes away cancels the source, which frees its database connection. So does a client
 *       that stays but reads nothing for the stall timeout while the source is held back for it: its answer is
 *       given up and its connection closed (reset), so that the client sees it cut short. A paused source holds
 *       a database connection of the index's small pool, and a few clients that stop reading must not starve
 *       every other query and store.
 * </ul>
 * Must be started on the request's context (a route handler), where the source delivers too.
 */
public final class JsonArrayResponse<T> {

    private static final System.Logger LOG = System.getLogger(JsonArrayResponse.class.getName());

    /** Turns one result into its JSON text (one object), appended to {@code out}. */
    @FunctionalInterface
    public interface ItemWriter<T> {
        void write(T item, StringBuilder out) throws Exception;
    }

    static final int FLUSH_BYTES = 32 * 1024;

    private final RoutingContext ctx;
    private final HttpServerResponse response;
    private final ReadStream<T> source;
    private final ItemWriter<T> writer;
    private final String contentType;
    private final Supplier<HttpProblem> whenEmpty;
    private final Context context;
    private final long stallTimeoutMs;
    private long stallTimer = -1; // while paused for the client

    private final StringBuilder pending = new StringBuilder(FLUSH_BYTES + 4096);
    private long items;
    private boolean flushScheduled;
    private boolean done;

    private JsonArrayResponse(RoutingContext ctx, ReadStream<T> source, ItemWriter<T> writer, String contentType,
        Supplier<HttpProblem> whenEmpty, Duration stallTimeout) {
        this.ctx = ctx;
        this.response = ctx.response();
        this.source = source;
        this.writer = writer;
        this.contentType = contentType;
        this.whenEmpty = whenEmpty;
        this.context = Vertx.currentContext();
        this.stallTimeoutMs = Math.max(1, stallTimeout.toMillis());
    }

    /**
     * Starts streaming; headers the caller set on the response (Warning, Cache-Control) go out with
     * the head. {@code whenEmpty} may be null ({@code []} then). {@code stallTimeout}: how long the answer waits
     * for a client that reads none of it.
     */
    public static <T> void stream(RoutingContext ctx, ReadStream<T> source, ItemWriter<T> writer, String contentType,
        Supplier<HttpProblem> whenEmpty, Duration stallTimeout) {
        new JsonArrayResponse<>(ctx, source, writer, contentType, whenEmpty, stallTimeout).start();
    }

    private void start() {
        response.closeHandler(v -> {
            stopStallTimer();
            if (!done) {
                done = true;
                source.handler(null); // cancels the query and frees its connection
            }
        });
        response.drainHandler(v -> {
            stopStallTimer();
            if (!done) {
                source.resume();
            }
        });
        source.exceptionHandler(this::fail);
        source.endHandler(v -> end());
        source.handler(this::item);
    }

    private void item(T item) {
        if (done) {
            return;
        }
        pending.append(items++ == 0 ? '[' : ',');
        try {
            writer.write(item, pending);
        } catch (Exception e) {
            source.handler(null);
            fail(e);
            return;
        }
        if (pending.length() >= FLUSH_BYTES) {
            flush();
        } else if (!flushScheduled) {
            flushScheduled = true;
            context.runOnContext(v -> {
                flushScheduled = false;
                if (!done) {
                    flush();
                }
            });
        }
    }

    private void flush() {
        if (pending.length() == 0) {
            return;
        }
        if (!response.headWritten()) {
            response.setChunked(true).putHeader("Content-Type", contentType);
        }
        response.write(Buffer.buffer(pending.toString()));
        pending.setLength(0);
        if (response.writeQueueFull()) {
            source.pause();
            if (stallTimer < 0) {
                stallTimer = context.owner().setTimer(stallTimeoutMs, id -> stalled());
            }
        }
    }

    /** The client has read nothing for the stall timeout: free the query, cut the answer short. */
    private void stalled() {
        stallTimer = -1;
        if (done) {
            return;
        }
        done = true;
        pending.setLength(0);
        source.handler(null); // cancels the query and frees its connection
        LOG.log(System.Logger.Level.WARNING, "DICOMweb client of " + ctx.request().uri() + " read nothing of its answer for "
            + stallTimeoutMs + " ms: the answer is given up and the connection closed");
        response.reset();
    }

    private void stopStallTimer() {
        if (stallTimer >= 0) {
            context.owner().cancelTimer(stallTimer);
            stallTimer = -1;
        }
    }

    private void end() {
        if (done) {
            return;
        }
        done = true;
        stopStallTimer(); // the source is complete: whatever the client does now holds no query
        if (items == 0 && whenEmpty != null) {
            ctx.fail(whenEmpty.get());
            return;
        }
        pending.append(items == 0 ? "[]" : "]");
        if (!response.headWritten()) {
            // Everything fits in one write: a plain response with a Content-Length.
            response.putHeader("Content-Type", contentType).end(pending.toString());
        } else {
            response.end(Buffer.buffer(pending.toString()));
        }
        pending.setLength(0);
    }

    private void fail(Throwable failure) {
        if (done) {
            return;
        }
        done = true;
        stopStallTimer();
        pending.setLength(0);
        ctx.fail(failure);
    }
}
