package io.sagitta.core.net.channel;

import io.netty.buffer.ByteBuf;
import io.sagitta.core.net.service.DimseDataHandler;
import io.sagitta.core.net.service.DimseStatus;
import io.sagitta.core.net.service.StoreService;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * Feeds one incoming C-STORE data set to a {@link StoreService.StoreReceiver} and reports the outcome once:
 * after a failure the rest of the data set is discarded and the failure answered. Shared by the acceptor (C-STORE)
 * and the requestor (the C-STORE sub-operations of its C-GET). Event loop only; {@code loop} brings the
 * receiver's completions back to it.
 */
final class StoreReception implements DimseDataHandler {

    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    /** Where the outcome goes. */
    interface Outcome {
        /** Answer the C-STORE-RQ: {@code error} is mapped by {@code DimseStatuses} when not null. */
        void respond(DimseStatus status, Throwable error);

        /** The association ended before the outcome: nothing is answered. */
        void abandoned();
    }

    private final StoreService.StoreReceiver receiver;
    private final Executor loop;
    private final Outcome outcome;
    private Throwable failure;
    private boolean finished;

    StoreReception(StoreService.StoreReceiver receiver, Executor loop, Outcome outcome) {
        this.receiver = receiver;
        this.loop = loop;
        this.outcome = outcome;
    }

    @Override
    public CompletionStage<?> onData(ByteBuf fragment, boolean last) {
        if (failure != null) {
            fragment.release();
            if (last) {
                done(null, failure);
            }
            return DONE;
        }
        CompletionStage<?> stage;
        try {
            stage = receiver.onData(fragment, last);
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        return stage.handle((v, error) -> {
            // May run on any thread: hop back to the event loop for the association's state.
            if (error != null || last) {
                loop.execute(() -> afterData(error, last));
            }
            return null;
        });
    }

    private void afterData(Throwable error, boolean last) {
        if (finished) {
            return;
        }
        if (error != null) {
            failure = error;
            if (last) {
                done(null, error);
            }
            return;
        }
        CompletionStage<DimseStatus> end;
        try {
            end = receiver.end();
        } catch (RuntimeException e) {
            end = CompletableFuture.failedFuture(e);
        }
        end.whenComplete((status, e) -> loop.execute(() -> done(status, e)));
    }

    private void done(DimseStatus status, Throwable error) {
        if (!finished) {
            finished = true;
            outcome.respond(status, error);
        }
    }

    @Override
    public void onAbort(Throwable cause) {
        if (!finished) {
            finished = true;
            outcome.abandoned();
            if (failure == null) {
                receiver.onAbort(cause);
            }
        }
    }
}
