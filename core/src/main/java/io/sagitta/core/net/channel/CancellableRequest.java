package io.sagitta.core.net.channel;

import java.util.concurrent.CompletableFuture;

/**
 * A C-FIND, C-MOVE or C-GET issued by the requestor: its outcome, and a way to stop it early.
 *
 * @param <T> what the outcome is: the final response, or for retrievals the final response with its failed list
 */
public interface CancellableRequest<T> {

    /**
     * Completes with the final response whatever its status (FE00 after a cancel); fails only when the association
     * fails, the request cannot be sent, a match cannot be read, or the request was cancelled before it was sent.
     */
    CompletableFuture<T> result();

    /**
     * Sends a C-CANCEL-RQ for this request (PS3.7 9.3.2.3) if it is in progress; the peer then ends it with a
     * final response, usually FE00. A request still queued behind others is dropped and its result fails with a
     * {@link java.util.concurrent.CancellationException}. After the final response it does nothing. Any thread.
     */
    void cancel();
}
