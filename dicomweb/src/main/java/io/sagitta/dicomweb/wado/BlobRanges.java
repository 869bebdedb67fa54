package io.sagitta.dicomweb.wado;

import io.sagitta.storage.blob.BlobStore;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import java.util.List;

/**
 * Reads byte ranges of a blob whole, for the few places that need bytes in hand rather than
 * streamed: an offset table, one frame to render, one bulk value. Callers bound the total before
 * asking (a frame, a table of 4 or 8 bytes per frame), so memory stays at what one answer needs.
 */
public final class BlobRanges {

    private BlobRanges() {
    }

    /** The bytes of {@code ranges} ({offset, length} pairs) of blob {@code key}, concatenated in order. */
    public static Future<Buffer> read(BlobStore blobs, String key, List<long[]> ranges) {
        long total = 0;
        for (long[] r : ranges) {
            total += r[1];
        }
        if (total > Integer.MAX_VALUE - 16) {
            return Future.failedFuture(new IllegalArgumentException(total + " bytes do not fit one buffer"));
        }
        Buffer all = Buffer.buffer((int) total);
        Future<Void> chain = Future.succeededFuture();
        for (long[] r : ranges) {
            chain = chain.compose(v -> appendRange(blobs, key, r[0], r[1], all));
        }
        return chain.map(v -> all);
    }

    /** One range, read whole. */
    public static Future<Buffer> read(BlobStore blobs, String key, long offset, long length) {
        return read(blobs, key, List.<long[]>of(new long[] {offset, length}));
    }

    private static Future<Void> appendRange(BlobStore blobs, String key, long offset, long length, Buffer into) {
        return blobs.get(key, offset, length).compose(stream -> {
            Promise<Void> done = Promise.promise();
            stream.exceptionHandler(done::tryFail);
            stream.endHandler(v -> done.tryComplete());
            stream.handler(into::appendBuffer);
            return done.future().eventually(stream::close);
        });
    }
}
