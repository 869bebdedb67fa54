package io.sagitta.core.net.service;

import io.sagitta.core.data.Dataset;
import java.util.concurrent.CompletionStage;

/**
 * The C-FIND SCP (PS3.4 C.4.1): called once per C-FIND-RQ, on the association's event loop, once the
 * identifier has arrived. The matches are pulled one at a time: the association asks for the next only once
 * the previous pending response is written, so a slow peer holds the query back instead of filling memory.
 *
 * <p>Each match goes out as a pending response (FF00, or FF01 when {@link Matches#unsupportedOptionalKeys()}),
 * then the final response: success (0000) at the end of the matches, cancel (FE00) after a C-CANCEL-RQ, or the
 * failure a stage failed with, mapped by {@link DimseStatuses#of} (fail with a {@link DimseException} to choose:
 * A900 identifier does not match SOP class, A700 out of resources, C000 unable to process).
 */
@FunctionalInterface
public interface FindService {

    /**
     * @return the matches; never null. May throw (a {@link DimseException} or anything {@link DimseStatuses}
     *     maps) to refuse the query at once.
     */
    Matches find(FindRequest request);

    /** The matches of one query, pulled by the association. */
    interface Matches {

        /**
         * The next match, as the response identifier to send (the association encodes it in the negotiated
         * transfer syntax and does not change it). Completes with null after the last; a failed stage ends the
         * operation with a failure status. Called again only after the previous stage completed; the stage may
         * complete on any thread.
         */
        CompletionStage<Dataset> next();

        /**
         * Stops producing and frees what is held: a C-CANCEL-RQ, the association ending, or a failure. May be
         * called while a {@link #next()} stage is outstanding (which then need never complete); idempotent.
         */
        void cancel();

        /** True to send FF01 (optional keys not supported for matching or existence) instead of FF00. */
        default boolean unsupportedOptionalKeys() {
            return false;
        }
    }
}
