package io.sagitta.server.dimse;

import io.netty.buffer.ByteBuf;
import io.sagitta.core.net.service.DatasetSource;
import io.sagitta.storage.blob.BlobReadStream;
import io.sagitta.storage.blob.BlobStore;
import io.sagitta.storage.index.InstanceLocation;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The data set of a stored instance as a {@link DatasetSource}: the blob is a Part 10 file, so its first
 * 144 bytes (preamble, "DICM", File Meta Information Group Length) say where the data set starts, and the rest
 * is streamed from there as a range of the blob, one chunk per {@link #read()} (back-pressure: the blob stream
 * stays paused until the association asks). Confined to the Vert.x context it was opened on, which must run on
 * the event loop of the association that reads it.
 */
final class BlobDatasetSource implements DatasetSource {

    /** Preamble, "DICM", and (0002,0000) UL 4 in explicit VR little endian. */
    private static final int HEAD = 128 + 4 + 12;

    private final BlobReadStream stream;
    private final ArrayDeque<Buffer> queue = new ArrayDeque<>();
    private CompletableFuture<ByteBuf> waiting;
    private boolean ended;
    private boolean closed;
    private Throwable failure;

    private BlobDatasetSource(BlobReadStream stream) {
        this.stream = stream;
        stream.pause();
        stream.handler(this::onBuffer);
        stream.endHandler(v -> onEnd());
        stream.exceptionHandler(this::onFailure);
    }

    /** Reads the head of the instance's blob and opens the rest from where its data set starts. */
    static Future<DatasetSource> open(BlobStore blobs, InstanceLocation location) {
        return blobs.get(location.blobKey(), 0, Math.min(HEAD, location.size()))
            .compose(BlobDatasetSource::collect)
            .compose(head -> {
                long offset;
                try {
                    offset = datasetOffset(head, location);
                } catch (IOException e) {
                    return Future.failedFuture(e);
                }
                return blobs.get(location.blobKey(), offset, location.size() - offset);
            })
            .map(BlobDatasetSource::new);
    }

    private static Future<Buffer> collect(BlobReadStream stream) {
        Promise<Buffer> promise = Promise.promise();
        Buffer all = Buffer.buffer(HEAD);
        stream.handler(all::appendBuffer)
            .exceptionHandler(promise::tryFail)
            .endHandler(v -> promise.tryComplete(all));
        return promise.future();
    }

    static long datasetOffset(Buffer head, InstanceLocation location) throws IOException {
        if (head.length() < HEAD || !"DICM".equals(head.getString(128, 132))
            || head.getUnsignedShortLE(132) != 0x0002 || head.getUnsignedShortLE(134) != 0x0000
            || !"UL".equals(head.getString(136, 138))) {
            throw new IOException("blob " + location.blobKey() + " is not a Part 10 file with a meta group length");
        }
        long offset = HEAD + head.getUnsignedIntLE(140);
        if (offset > location.size()) {
            throw new IOException("blob " + location.blobKey() + ": File Meta Information runs past its end");
        }
        return offset;
    }

    private void onBuffer(Buffer buffer) {
        if (closed) {
            return;
        }
        if (waiting != null) {
            CompletableFuture<ByteBuf> w = waiting;
            waiting = null;
            w.complete(byteBuf(buffer));
        } else {
            queue.add(buffer);
        }
    }

    private void onEnd() {
        ended = true;
        if (waiting != null && queue.isEmpty()) {
            CompletableFuture<ByteBuf> w = waiting;
            waiting = null;
            w.complete(null);
        }
    }

    private void onFailure(Throwable error) {
        failure = error;
        if (waiting != null) {
            CompletableFuture<ByteBuf> w = waiting;
            waiting = null;
            w.completeExceptionally(error);
        }
    }

    /** The buffer's bytes, not copied (Vert.x hands out an unreleasable view: releasing it is harmless). */
    private static ByteBuf byteBuf(Buffer buffer) {
        return ((BufferInternal) buffer).getByteBuf();
    }

    @Override
    public CompletionStage<ByteBuf> read() {
        Buffer queued = queue.poll();
        if (queued != null) {
            return CompletableFuture.completedFuture(byteBuf(queued));
        }
        if (failure != null) {
            return CompletableFuture.failedFuture(failure);
        }
        if (ended || closed) {
            return CompletableFuture.completedFuture(null);
        }
        waiting = new CompletableFuture<>();
        CompletableFuture<ByteBuf> w = waiting;
        stream.fetch(1);
        return w;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        queue.clear();
        if (!ended && failure == null) {
            stream.close();
        }
    }
}
