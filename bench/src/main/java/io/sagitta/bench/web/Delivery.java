package io.sagitta.bench.web;

import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;

/** How a body reaches the multipart reader: as one buffer, or in the 64 KiB reads a socket hands over. */
public enum Delivery {
    WHOLE,
    CHUNKED_64K;

    static final int CHUNK = 64 * 1024;

    /** The buffers the reader is fed, slices of {@code body} (no copies). */
    List<Buffer> split(Buffer body) {
        return this == WHOLE ? List.of(body) : chunks(body, CHUNK);
    }

    static List<Buffer> chunks(Buffer body, int size) {
        List<Buffer> chunks = new ArrayList<>();
        for (int at = 0; at < body.length(); at += size) {
            chunks.add(body.slice(at, Math.min(body.length(), at + size)));
        }
        return List.copyOf(chunks);
    }
}
