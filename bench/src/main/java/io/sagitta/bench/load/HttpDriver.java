package io.sagitta.bench.load;

import io.netty.buffer.ByteBuf;
import io.sagitta.bench.data.GeneratedInstance;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * DICOMweb over Vert.x's HTTP/1.1 client with a pool of one connection per lane. Every request ends
 * in an {@link Outcome}: a non-2xx status is {@code http-NNN}, a connection failure
 * {@code http-connection}, and a body that is not what was asked for (a short or unclosed multipart,
 * the wrong number of parts or results, JSON that does not parse) has its own kind.
 */
public final class HttpDriver implements AutoCloseable {

    private static final String DICOM_JSON = "application/dicom+json";
    private static final int TIMEOUT_MS = 120_000;

    private final Vertx vertx;
    private final HttpClientAgent client;
    private final URI base;

    public HttpDriver(URI base, int lanes) {
        this.base = base;
        this.vertx = Vertx.vertx();
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setKeepAlive(true)
                .setTcpNoDelay(true)
                .setConnectTimeout(10_000)
                .setSsl("https".equals(base.getScheme())),
            new PoolOptions().setHttp1MaxSize(Math.max(1, lanes)));
    }

    /** STOW-RS of {@code instances} in one multipart/related request to {@code POST {base}/studies}. */
    public CompletableFuture<Outcome> stow(List<GeneratedInstance> instances) {
        String boundary = "bench-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
        byte[] partHead = ("--" + boundary + "\r\nContent-Type: application/dicom\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] crlf = "\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] close = ("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
        long length = close.length;
        long payload = 0;
        for (GeneratedInstance i : instances) {
            length += partHead.length + i.part10Length() + crlf.length;
            payload += i.part10Length();
        }
        long sent = payload;
        long contentLength = length;
        CompletableFuture<Outcome> result = new CompletableFuture<>();
        client.request(options(HttpMethod.POST, "/studies")
                .putHeader("Content-Type", "multipart/related; type=\"application/dicom\"; boundary=" + boundary)
                .putHeader("Accept", DICOM_JSON)
                .putHeader("Content-Length", Long.toString(contentLength)))
            .compose(request -> {
                for (GeneratedInstance i : instances) {
                    request.write(Buffer.buffer(partHead));
                    for (ByteBuf b : i.part10Buffers()) {
                        request.write(BufferInternal.buffer(b));
                    }
                    request.write(Buffer.buffer(crlf));
                }
                return request.end(Buffer.buffer(close)).compose(v -> request.response());
            })
            .compose(response -> response.body().map(body -> stowOutcome(response, body, instances.size(), sent)))
            .onComplete(ar -> result.complete(ar.succeeded() ? ar.result() : connectionError(ar.cause())));
        return result;
    }

    private static Outcome stowOutcome(HttpClientResponse response, Buffer body, int sent, long bytes) {
        if (response.statusCode() != 200) {
            return httpError(response, body);
        }
        try {
            JsonObject answer = body.length() == 0 ? new JsonObject() : new JsonObject(body);
            int referenced = items(answer, "00081199");
            int failed = items(answer, "00081198");
            if (failed > 0 || referenced != sent) {
                return Outcome.error("stow-incomplete", "STOW-RS answered 200 with " + referenced
                    + " stored and " + failed + " failed of " + sent);
            }
            return Outcome.success(sent, bytes);
        } catch (DecodeException | ClassCastException e) {
            return Outcome.error("stow-response-malformed", "STOW-RS response is not DICOM JSON: " + e.getMessage());
        }
    }

    private static int items(JsonObject dataset, String tag) {
        JsonObject element = dataset.getJsonObject(tag);
        JsonArray value = element == null ? null : element.getJsonArray("Value");
        return value == null ? 0 : value.size();
    }

    /**
     * GET of DICOM JSON (QIDO-RS, WADO-RS metadata): 204 is an empty array; {@code check} judges the
     * array; {@code instances} of the outcome come from {@code check}, bytes are the body's.
     */
    public CompletableFuture<Outcome> getJsonArray(String pathAndQuery, Function<JsonArray, Outcome> check) {
        CompletableFuture<Outcome> result = new CompletableFuture<>();
        client.request(options(HttpMethod.GET, pathAndQuery).putHeader("Accept", DICOM_JSON))
            .compose(HttpClientRequest::send)
            .compose(response -> response.body().map(body -> jsonOutcome(response, body, check)))
            .onComplete(ar -> result.complete(ar.succeeded() ? ar.result() : connectionError(ar.cause())));
        return result;
    }

    private static Outcome jsonOutcome(HttpClientResponse response, Buffer body, Function<JsonArray, Outcome> check) {
        if (response.statusCode() == 204) {
            return withBytes(check.apply(new JsonArray()), 0);
        }
        if (response.statusCode() != 200) {
            return httpError(response, body);
        }
        try {
            return withBytes(check.apply(new JsonArray(body)), body.length());
        } catch (DecodeException | ClassCastException e) {
            return Outcome.error("json-malformed", "not a JSON array: " + e.getMessage());
        }
    }

    private static Outcome withBytes(Outcome o, long bytes) {
        return o.ok() ? Outcome.success(o.instances(), bytes) : o;
    }

    /**
     * GET of a multipart/related body (WADO-RS retrieve, frames), read to the end and counted as it
     * streams: it must be closed, hold {@code expectedParts} parts and at least {@code minBytes} bytes.
     */
    public CompletableFuture<Outcome> getMultipart(String path, String accept, int expectedParts, long minBytes,
                                                   long instances) {
        CompletableFuture<Outcome> result = new CompletableFuture<>();
        client.request(options(HttpMethod.GET, path).putHeader("Accept", accept))
            .compose(HttpClientRequest::send)
            .compose(response -> {
                if (response.statusCode() != 200) {
                    return response.body().map(body -> httpError(response, body));
                }
                String boundary = MultipartScanner.boundaryOf(response.getHeader("Content-Type"));
                if (boundary == null) {
                    return response.body().map(body -> Outcome.error("multipart-malformed",
                        "Content-Type is not multipart with a boundary: " + response.getHeader("Content-Type")));
                }
                MultipartScanner scanner = new MultipartScanner(boundary);
                response.handler(chunk -> scanner.feed(((BufferInternal) chunk).getByteBuf()));
                return response.end().map(v -> multipartOutcome(scanner, path, expectedParts, minBytes, instances));
            })
            .onComplete(ar -> result.complete(ar.succeeded() ? ar.result() : connectionError(ar.cause())));
        return result;
    }

    private static Outcome multipartOutcome(MultipartScanner s, String path, int expectedParts, long minBytes,
                                            long instances) {
        if (!s.closed()) {
            return Outcome.error("multipart-truncated", path + ": body ended after " + s.bytes() + " bytes and "
                + s.parts() + " parts without the closing delimiter");
        }
        if (s.parts() != expectedParts) {
            return Outcome.error("multipart-parts", path + ": " + s.parts() + " parts, expected " + expectedParts);
        }
        if (s.bytes() < minBytes) {
            return Outcome.error("multipart-short", path + ": " + s.bytes() + " bytes, expected at least " + minBytes);
        }
        return Outcome.success(instances, s.bytes());
    }

    private RequestOptions options(HttpMethod method, String pathAndQuery) {
        int port = base.getPort() > 0 ? base.getPort() : "https".equals(base.getScheme()) ? 443 : 80;
        String prefix = base.getRawPath() == null ? "" : base.getRawPath();
        return new RequestOptions().setMethod(method).setHost(base.getHost()).setPort(port)
            .setURI(prefix + pathAndQuery).setIdleTimeout(TIMEOUT_MS);
    }

    private static Outcome httpError(HttpClientResponse response, Buffer body) {
        String text = body.length() > 200 ? body.getString(0, 200) + "..." : body.toString();
        return Outcome.error("http-" + response.statusCode(), response.request().getMethod() + " "
            + response.request().getURI() + " answered " + response.statusCode() + " " + response.statusMessage()
            + (text.isBlank() ? "" : ": " + text.strip()));
    }

    private static Outcome connectionError(Throwable t) {
        return Outcome.error("http-connection", t.getClass().getSimpleName() + ": " + t.getMessage());
    }

    @Override
    public void close() {
        // Closing Vert.x closes the client; a graceful client shutdown would wait out the server's keep-alive.
        Future<Void> closed = vertx.close();
        closed.toCompletionStage().toCompletableFuture().orTimeout(10, java.util.concurrent.TimeUnit.SECONDS)
            .exceptionally(t -> null).join();
    }
}
