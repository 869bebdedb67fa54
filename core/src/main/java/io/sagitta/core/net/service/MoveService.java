package io.sagitta.core.net.service;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The C-MOVE SCP (PS3.4 C.4.2): called once per C-MOVE-RQ, on the association's event loop, once the
 * identifier has arrived. The service performs the C-STORE sub-operations (on an association of its own to the
 * Move Destination); the association pulls their progress one step at a time and reports it.
 *
 * <p>After each step that leaves sub-operations remaining, the association sends a pending response (FF00)
 * with the counts; it asks for the next step only once that response is written. When none remain, the final
 * response: success (0000) when none failed or warned; B000 when some failed or warned; A702 when all failed;
 * FE00 after a C-CANCEL-RQ. Failure statuses carry the Failed SOP Instance UID List (0008,0058). A stage or
 * {@link #move} failing ends the operation with the status {@link DimseStatuses#of} maps (fail with a
 * {@link DimseException}: A801 move destination unknown, A900 identifier does not match SOP class, A701/A702 out
 * of resources, C000 unable to process).
 */
@FunctionalInterface
public interface MoveService {

    /**
     * @return the sub-operations; never null. May throw (a {@link DimseException}) to refuse at once, e.g.
     *     A801 for an unknown destination.
     */
    SubOperations move(MoveRequest request);

    /** The sub-operations of one C-MOVE, stepped by the association. */
    interface SubOperations {

        /**
         * Performs the next step and completes with the counts after it: the first step finds what to move
         * (and may open the association to the destination) and reports how many remain; each later step
         * performs one sub-operation. Done when {@link Progress#remaining()} is 0 (the service has then closed
         * its association to the destination). Called again only after the previous stage completed; the
         * stage may complete on any thread.
         */
        CompletionStage<Progress> next();

        /**
         * Stops after the current sub-operation (a C-CANCEL-RQ, or the association ending): an outstanding
         * {@link #next()} stage still completes, with the counts after that sub-operation, and no further one
         * is performed; what is held is freed. Idempotent.
         */
        void cancel();
    }

    /**
     * Sub-operation counts (PS3.4 C.4.2.1.6 to C.4.2.1.9) and the SOP Instance UIDs whose sub-operation failed.
     */
    record Progress(int remaining, int completed, int failed, int warning, List<String> failedSopInstanceUids) {

        public Progress {
            failedSopInstanceUids = List.copyOf(failedSopInstanceUids);
        }

        public static Progress of(int remaining) {
            return new Progress(remaining, 0, 0, 0, List.of());
        }
    }
}
