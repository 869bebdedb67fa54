package io.sagitta.core.net.service;

/**
 * The C-STORE SCP (PS3.4 Annex B): called once per C-STORE-RQ, on the association's event loop.
 *
 * <p>The returned receiver gets the data set fragment by fragment ({@link DimseDataHandler}), then
 * {@link StoreReceiver#end()} for the status of the C-STORE-RSP. If the association ends before the last
 * fragment was handed over, it gets {@link DimseDataHandler#onAbort} and nothing must be kept (no half-written
 * instance). Once the last fragment is in, the instance is complete: the receiver commits it whether or not
 * the response still reaches the peer (a peer that re-sends the same SOP Instance UID finds it stored).
 */
@FunctionalInterface
public interface StoreService {

    /**
     * @return the receiver for this instance's data set; never null (refuse by returning a receiver whose
     *     {@code onData} fails with a {@link DimseException})
     */
    StoreReceiver store(StoreRequest request);

    /** Receives one instance. */
    interface StoreReceiver extends DimseDataHandler {

        /**
         * Called once, after the stage of the last {@link #onData} completed: the status to answer with.
         * A failed stage is mapped by {@link DimseStatuses#of}.
         */
        java.util.concurrent.CompletionStage<DimseStatus> end();
    }
}
