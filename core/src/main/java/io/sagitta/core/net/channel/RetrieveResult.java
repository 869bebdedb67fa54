package io.sagitta.core.net.channel;

import io.sagitta.core.net.dimse.DimseCommand;
import java.util.List;

/**
 * The outcome of a C-MOVE or C-GET as the requestor sees it: the final response (status and sub-operation counts)
 * and the SOP Instance UIDs the peer listed as failed (Failed SOP Instance UID List, PS3.4 C.4.2.1.5), empty
 * when it listed none.
 */
public record RetrieveResult(DimseCommand response, List<String> failedSopInstanceUids) {

    public RetrieveResult {
        failedSopInstanceUids = List.copyOf(failedSopInstanceUids);
    }

    public int status() {
        return response.status();
    }

    public int completed() {
        return response.completedSubOperations();
    }

    public int failed() {
        return response.failedSubOperations();
    }

    public int warning() {
        return response.warningSubOperations();
    }
}
