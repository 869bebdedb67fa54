package io.sagitta.dicomweb.wado;

import io.netty.util.ReferenceCounted;
import io.sagitta.dicomweb.http.SendFile;
import io.sagitta.storage.blob.BlobStore;
import io.vertx.core.Future;
import java.util.List;
import java.util.function.Supplier;

/**
 * Buffers read whole by {@link io.sagitta.storage.blob.BlobStore#readRangesOwned} (or file regions from {@link
 * io.sagitta.storage.blob.BlobStore#fileRegion}, which hold an open file), which the routes must release:
 * after the write that sends them, whether it succeeds or not, and, for a read made ahead that is no longer wanted,
 * when it arrives.
 */
final class OwnedBuffers {

    private OwnedBuffers() {
    }

    /**
     * {@code ranges} of blob {@code key} read whole: one range as a file region where the response takes one
     * ({@code sendFile} not null) and the store has files, else the ranges concatenated in a buffer. Ours to release.
     */
    static Future<ReferenceCounted> readWhole(BlobStore blobs, String key, List<long[]> ranges, SendFile sendFile) {
        if (sendFile == null || ranges.size() != 1) {
            return intoBuffer(blobs, key, ranges);
        }
        return blobs.fileRegion(key, ranges.get(0)[0], ranges.get(0)[1])
            .compose(region -> region != null ? Future.succeededFuture(region) : intoBuffer(blobs, key, ranges));
    }

    private static Future<ReferenceCounted> intoBuffer(BlobStore blobs, String key, List<long[]> ranges) {
        return blobs.readRangesOwned(key, ranges).map(ReferenceCounted.class::cast);
    }

    /**
     * Runs {@code write} (which sends {@code bytes} or slices of them) and releases {@code bytes} once it is done: the
     * write's future completes only when the socket no longer needs them.
     */
    static Future<Void> writeThenRelease(ReferenceCounted bytes, Supplier<Future<Void>> write) {
        Future<Void> written;
        try {
            written = write.get();
        } catch (RuntimeException e) {
            written = Future.failedFuture(e);
        }
        return written.andThen(ar -> bytes.release());
    }

    /** Releases what a read that is no longer wanted brings, whenever it comes; null is no read. */
    static void releaseWhenRead(Future<? extends ReferenceCounted> read) {
        if (read != null) {
            read.onSuccess(ReferenceCounted::release);
        }
    }
}
