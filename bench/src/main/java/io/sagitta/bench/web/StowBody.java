package io.sagitta.bench.web;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/** A STOW-RS request body as a client writes it: the same Part 10 instance {@code parts} times. */
final class StowBody {

    /** As long as the archive's own ({@code sagitta-} and a UUID): the delimiter search depends on it. */
    static final String BOUNDARY = "bench-5a6177a1-0000-4000-8000-00000000b0d1";

    private StowBody() {
    }

    static Buffer of(byte[] instance, int parts) {
        byte[] head = ("--" + BOUNDARY + "\r\nContent-Type: application/dicom\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        Buffer body = Buffer.buffer(parts * (head.length + instance.length + 2) + BOUNDARY.length() + 6);
        for (int i = 0; i < parts; i++) {
            body.appendBytes(head).appendBytes(instance).appendString("\r\n");
        }
        return body.appendString("--" + BOUNDARY + "--\r\n");
    }
}
