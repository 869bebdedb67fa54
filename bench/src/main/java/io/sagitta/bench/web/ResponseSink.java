package io.sagitta.bench.web;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.HostAndPort;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.util.Set;

/**
 * The far end of a WADO-RS response for the multipart writer benchmark: it takes what
 * {@link io.sagitta.dicomweb.wado.MultipartResponse} writes (its part heads, bodies and close
 * delimiter) and counts the bytes, so what is measured is our writer and not a socket. It can
 * also keep what it was given, for setup to read the body back and check it. Headers are kept as
 * a route would set them; anything else a multipart writer has no business calling fails.
 */
final class ResponseSink implements HttpServerResponse {

    private final MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    private final Buffer kept;
    private long bytes;
    private int writes;
    private boolean chunked;
    private boolean ended;

    /** A sink that only counts. */
    ResponseSink() {
        this(false);
    }

    /** A sink that also keeps every byte written ({@link #kept()}). */
    ResponseSink(boolean keep) {
        this.kept = keep ? Buffer.buffer() : null;
    }

    long bytes() {
        return bytes;
    }

    int writes() {
        return writes;
    }

    Buffer kept() {
        if (kept == null) {
            throw new IllegalStateException("this sink does not keep what it is given");
        }
        return kept;
    }

    @Override
    public Future<Void> write(Buffer data) {
        if (ended) {
            return Future.failedFuture(new IllegalStateException("the response has ended"));
        }
        bytes += data.length();
        writes++;
        if (kept != null) {
            kept.appendBuffer(data);
        }
        return Future.succeededFuture();
    }

    @Override
    public Future<Void> end(Buffer data) {
        Future<Void> written = write(data);
        ended = true;
        return written;
    }

    @Override
    public Future<Void> end() {
        ended = true;
        return Future.succeededFuture();
    }

    @Override
    public boolean ended() {
        return ended;
    }

    @Override
    public long bytesWritten() {
        return bytes;
    }

    /** A sink takes everything at once: the writer never has to wait for a drain. */
    @Override
    public boolean writeQueueFull() {
        return false;
    }

    @Override
    public HttpServerResponse setWriteQueueMaxSize(int maxSize) {
        return this;
    }

    @Override
    public HttpServerResponse drainHandler(Handler<Void> handler) {
        return this;
    }

    @Override
    public HttpServerResponse exceptionHandler(Handler<Throwable> handler) {
        return this;
    }

    @Override
    public HttpServerResponse setChunked(boolean chunked) {
        this.chunked = chunked;
        return this;
    }

    @Override
    public boolean isChunked() {
        return chunked;
    }

    @Override
    public MultiMap headers() {
        return headers;
    }

    @Override
    public HttpServerResponse putHeader(String name, String value) {
        headers.set(name, value);
        return this;
    }

    @Override
    public HttpServerResponse putHeader(CharSequence name, CharSequence value) {
        headers.set(name, value);
        return this;
    }

    @Override
    public HttpServerResponse putHeader(String name, Iterable<String> values) {
        headers.set(name, values);
        return this;
    }

    @Override
    public HttpServerResponse putHeader(CharSequence name, Iterable<CharSequence> values) {
        headers.set(name, values);
        return this;
    }

    @Override
    public int getStatusCode() {
        return 200;
    }

    @Override
    public boolean headWritten() {
        return writes > 0;
    }

    @Override
    public boolean closed() {
        return false;
    }

    // ------------------------------------------------------------------ not a multipart writer's business

    private static UnsupportedOperationException notWritten() {
        return new UnsupportedOperationException("the multipart writer benchmark's sink takes body writes only");
    }

    @Override
    public HttpServerResponse setStatusCode(int statusCode) {
        throw notWritten();
    }

    @Override
    public String getStatusMessage() {
        throw notWritten();
    }

    @Override
    public HttpServerResponse setStatusMessage(String statusMessage) {
        throw notWritten();
    }

    @Override
    public MultiMap trailers() {
        throw notWritten();
    }

    @Override
    public HttpServerResponse putTrailer(String name, String value) {
        throw notWritten();
    }

    @Override
    public HttpServerResponse putTrailer(CharSequence name, CharSequence value) {
        throw notWritten();
    }

    @Override
    public HttpServerResponse putTrailer(String name, Iterable<String> values) {
        throw notWritten();
    }

    @Override
    public HttpServerResponse putTrailer(CharSequence name, Iterable<CharSequence> value) {
        throw notWritten();
    }

    @Override
    public HttpServerResponse closeHandler(Handler<Void> handler) {
        throw notWritten();
    }

    @Override
    public HttpServerResponse endHandler(Handler<Void> handler) {
        throw notWritten();
    }

    @Override
    public Future<Void> writeHead() {
        throw notWritten();
    }

    @Override
    public Future<Void> write(String chunk, String enc) {
        throw notWritten();
    }

    @Override
    public Future<Void> write(String chunk) {
        throw notWritten();
    }

    @Override
    public Future<Void> writeContinue() {
        throw notWritten();
    }

    @Override
    public Future<Void> writeEarlyHints(MultiMap headers) {
        throw notWritten();
    }

    @Override
    public Future<Void> end(String chunk) {
        throw notWritten();
    }

    @Override
    public Future<Void> end(String chunk, String enc) {
        throw notWritten();
    }

    @Override
    public Future<Void> sendFile(String filename, long offset, long length) {
        throw notWritten();
    }

    @Override
    public Future<Void> sendFile(FileChannel channel, long offset, long length) {
        throw notWritten();
    }

    @Override
    public Future<Void> sendFile(RandomAccessFile file, long offset, long length) {
        throw notWritten();
    }

    @Override
    public HttpServerResponse headersEndHandler(Handler<Void> handler) {
        throw notWritten();
    }

    @Override
    public HttpServerResponse bodyEndHandler(Handler<Void> handler) {
        throw notWritten();
    }

    @Override
    public long streamId() {
        throw notWritten();
    }

    @Override
    public Future<HttpServerResponse> push(HttpMethod method, HostAndPort authority, String path, MultiMap headers) {
        throw notWritten();
    }

    @Override
    public Future<Void> reset(long code) {
        throw notWritten();
    }

    @Override
    public Future<Boolean> cancel() {
        throw notWritten();
    }

    @Override
    public Future<Void> writeCustomFrame(int type, int flags, Buffer payload) {
        throw notWritten();
    }

    @Override
    public HttpServerResponse addCookie(Cookie cookie) {
        throw notWritten();
    }

    @Override
    public Cookie removeCookie(String name, boolean invalidate) {
        throw notWritten();
    }

    @Override
    public Set<Cookie> removeCookies(String name, boolean invalidate) {
        throw notWritten();
    }

    @Override
    public Cookie removeCookie(String name, String domain, String path, boolean invalidate) {
        throw notWritten();
    }

    @Override
    public Future<Void> writeAltSvc(String altSvc) {
        throw notWritten();
    }
}
