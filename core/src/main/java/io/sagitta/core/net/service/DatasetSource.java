package io.sagitta.core.net.service;

import io.netty.buffer.ByteBuf;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The data set of an outgoing DIMSE message as a pull stream of chunks, so that an instance is sent without
 * being loaded whole: the association asks for the next chunk only when the channel is writable.
 */
public interface DatasetSource {

    /**
     * The next chunk; the caller owns it and releases it. Completes with null at the end. Called again
     * only after the previous stage completed.
     */
    CompletionStage<ByteBuf> read();

    /** Gives up: release whatever is held. Called once, at the end or on failure; idempotent. */
    void close();

    /** A source over buffers already in memory; takes ownership of them. */
    static DatasetSource of(List<ByteBuf> chunks) {
        ArrayDeque<ByteBuf> queue = new ArrayDeque<>(chunks);
        return new DatasetSource() {
            @Override
            public CompletionStage<ByteBuf> read() {
                return CompletableFuture.completedFuture(queue.poll());
            }

            @Override
            public void close() {
                ByteBuf b;
                while ((b = queue.poll()) != null) {
                    b.release();
                }
            }
        };
    }

    static DatasetSource of(ByteBuf... chunks) {
        return of(List.of(chunks));
    }
}
