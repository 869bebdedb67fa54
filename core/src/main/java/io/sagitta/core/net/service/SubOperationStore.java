package io.sagitta.core.net.service;

import io.sagitta.core.net.dimse.DimseCommand;
import java.util.concurrent.CompletionStage;

/**
 * Where the C-STORE sub-operations of a C-GET go: back over the association the C-GET came on, to the requestor
 * acting as storage SCP (PS3.4 C.4.3; the SCP role negotiated with SCP/SCU Role Selection, PS3.7 D.3.3.4).
 */
public interface SubOperationStore {

    /**
     * True when a presentation context of this SOP class and transfer syntax was accepted with the SCP role for
     * the requestor: {@link #store} can send on it. Any thread.
     */
    boolean accepts(String sopClassUid, String transferSyntaxUid);

    /**
     * Sends a C-STORE-RQ with the data set streamed from {@code data} (taken over: closed when done or on
     * failure) on an accepted presentation context of that SOP class and transfer syntax for which the requestor
     * took the SCP role. Completes with the C-STORE-RSP whatever its status; fails when there is no such context
     * or the association ends. May be called from any thread.
     */
    CompletionStage<DimseCommand> store(String sopClassUid, String sopInstanceUid, String transferSyntaxUid,
                                        DatasetSource data);
}
