package io.sagitta.dicomweb.wado;

import io.sagitta.storage.blob.BlobReadStream;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

/**
 * A {@code multipart/related} response written part by part (RFC 2387): each part's head, then its
 * body (piped from a blob with back-pressure, so the blob is read only as fast as the client takes
 * it, or a buffer the caller read whole), then the closing delimiter. One boundary per
 * response, random, so it cannot occur in the parts' bytes by design of an attacker.
 */
public final class MultipartResponse {

    private final HttpServerResponse response;
    private final String boundary = "sagitta-" + UUID.randomUUID();
    private boolean first = true;

    public MultipartResponse(HttpServerResponse response) {
        this.response = response;
    }

    /** The Content-Type of the whole response. */
    public String contentType(String partType) {
        return "multipart/related; type=\"" + partType + "\"; boundary=" + boundary;
    }

    /** Starts the next part; its body follows through {@link #pipe}. */
    public Future<Void> startPart(String contentType, String contentLocation) {
        return response.write(partHead(contentType, contentLocation));
    }

    /**
     * The head of the next part (the delimiter and the part's headers), for a caller that writes
     * it together with the body; the part counts as started.
     */
    Buffer partHead(String contentType, String contentLocation) {
        StringBuilder head = new StringBuilder(160);
        head.append(first ? "" : "\r\n").append("--").append(boundary).append("\r\n");
        head.append("Content-Type: ").append(contentType).append("\r\n");
        if (contentLocation != null) {
            head.append("Content-Location: ").append(contentLocation).append("\r\n");
        }
        head.append("\r\n");
        first = false;
        return Buffer.buffer(head.toString().getBytes(StandardCharsets.US_ASCII));
    }

    /** Writes a whole part, its head and {@code body}. */
    Future<Void> writePart(String contentType, String contentLocation, Buffer body) {
        return writeAll(response, List.of(partHead(contentType, contentLocation), body));
    }

    /**
     * Writes {@code pieces} in order, each as it is, and answers when the last is written. Not as one composite
     * buffer: the socket write would first merge a composite of heap buffers into a new array (an allocation, a
     * zeroing and a copy of every byte), a sixth of the event loop's time when sending whole instances.
     */
    static Future<Void> writeAll(HttpServerResponse response, List<Buffer> pieces) {
        Future<Void> last = Future.succeededFuture();
        for (Buffer piece : pieces) {
            last = response.write(piece);
        }
        return last;
    }

    /** Pipes {@code body} into the current part without ending the response; the stream is closed either way. */
    static Future<Void> pipe(BlobReadStream body, HttpServerResponse response) {
        return body.pipe().endOnComplete(false).to(response).eventually(body::close);
    }

    Future<Void> pipe(BlobReadStream body) {
        return pipe(body, response);
    }

    /** Writes {@code body} as (more of) the current part's content. */
    public Future<Void> write(Buffer body) {
        return response.write(body);
    }

    HttpServerResponse response() {
        return response;
    }

    /** Writes the closing delimiter and ends the response. */
    public Future<Void> end() {
        return response.end(closing());
    }

    /** The closing delimiter, for a caller that ends the response with it and more. */
    Buffer closing() {
        return Buffer.buffer(((first ? "" : "\r\n") + "--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
    }
}
