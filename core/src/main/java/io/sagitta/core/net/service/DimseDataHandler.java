package io.sagitta.core.net.service;

import io.netty.buffer.ByteBuf;
import java.util.concurrent.CompletionStage;

/**
 * Receives the data set of a DIMSE message fragment by fragment, as the P-DATA-TF PDUs arrive: the data
 * set is never reassembled in memory.
 *
 * <p>Back-pressure: the association stops reading from the peer (autoRead off) until the stage returned by
 * {@link #onData} completes, and calls {@code onData} again only then. Return a completed stage to go on
 * at once. Calls come on the association's event loop; never block in them.
 */
public interface DimseDataHandler {

    /**
     * One fragment of the data set, in the negotiated transfer syntax.
     *
     * @param fragment a retained slice of the received bytes; the handler owns it and releases it (or
     *     passes it on)
     * @param last true for the final fragment
     * @return completes when the handler can take the next fragment; failing it fails the operation: the
     *     association discards the rest of the data set and answers with {@link DimseStatuses#of}, and the
     *     handler gets no further call (it cleans up itself)
     */
    CompletionStage<?> onData(ByteBuf fragment, boolean last);

    /**
     * The association ended (abort, release, connection lost) before the last fragment was handed over,
     * or before the outcome was sent: drop whatever was partly received.
     */
    default void onAbort(Throwable cause) {
    }
}
