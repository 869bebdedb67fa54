package io.sagitta.core.net.channel;

import io.sagitta.core.data.Dataset;
import io.sagitta.core.net.dimse.DimseCommand;
import io.sagitta.core.net.pdu.AAssociateAc;
import io.sagitta.core.net.pdu.AAssociateRq;
import io.sagitta.core.net.service.DatasetSource;
import io.sagitta.core.net.service.StoreService;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * An established association, requestor side (from {@link DicomClient#connect}). Operations may be called
 * from any thread; they run one at a time, in call order (synchronous mode: no asynchronous operations
 * window is negotiated). Every future completes on the association's event loop: do not block in callbacks.
 *
 * <p>An operation's future completes with the response command whatever its status (check
 * {@link DimseCommand#status()}); it fails only when the association fails (abort, timeout, connection lost)
 * or the operation cannot be sent (no accepted presentation context).
 */
public interface Association {

    AAssociateRq request();

    AAssociateAc accept();

    /** The id of an accepted context for this abstract syntax and transfer syntax, or -1. */
    int presentationContext(String abstractSyntax, String transferSyntaxUid);

    /** C-ECHO on the Verification context. */
    CompletableFuture<DimseCommand> echo();

    /** C-STORE of a Part 10 file's data set as it is in the file (its transfer syntax must have been accepted). */
    CompletableFuture<DimseCommand> store(Path part10File);

    /** C-STORE of a data set streamed from {@code data} (taken over: closed when done or on failure). */
    CompletableFuture<DimseCommand> store(String sopClassUid, String sopInstanceUid, String transferSyntaxUid,
                                          DatasetSource data);

    /**
     * C-STORE as a sub-operation of a C-MOVE: as {@link #store(String, String, String, DatasetSource)}, the
     * request carrying the Move Originator AE title and Message ID (PS3.7 9.3.1.1).
     */
    CompletableFuture<DimseCommand> store(String sopClassUid, String sopInstanceUid, String transferSyntaxUid,
                                          DatasetSource data, String moveOriginatorAeTitle, int moveOriginatorMessageId);

    /**
     * C-FIND on the first accepted context of {@code sopClassUid} (e.g. a {@code QueryRetrieveModel}'s find SOP
     * class): each match's identifier goes to {@code onMatch} as its pending response arrives, on the event loop
     * (do not block there; the next response is read when it returns). An exception from {@code onMatch} cancels
     * the request, and its result then fails with that exception.
     */
    CancellableRequest<DimseCommand> find(String sopClassUid, Dataset keys, Consumer<Dataset> onMatch);

    /**
     * C-MOVE of what {@code keys} names to the AE {@code destinationAeTitle}: every pending response (with the
     * sub-operation counts) goes to {@code onPending} on the event loop; the result has the final status, the
     * counts and the Failed SOP Instance UID List.
     */
    CancellableRequest<RetrieveResult> move(String sopClassUid, Dataset keys, String destinationAeTitle,
                                            Consumer<DimseCommand> onPending);

    /**
     * C-GET: as {@link #move}, the instances coming back over this association as C-STORE sub-operations, each
     * handed to {@code storage} (on the event loop, as for an acceptor's {@link StoreService}) and answered with
     * the status it gives. Only contexts whose SOP class was proposed with the SCP role
     * ({@link AssociationRequest#scpRole}) and for which the peer accepted that role can carry them.
     */
    CancellableRequest<RetrieveResult> get(String sopClassUid, Dataset keys, StoreService storage,
                                           Consumer<DimseCommand> onPending);

    /** A-RELEASE once the operations called before it are done; completes when the connection is closed. */
    CompletableFuture<Void> release();

    /** A-ABORT now; operations in progress fail. */
    void abort();

    /** Completes normally after a release, exceptionally after an abort or a lost connection. */
    CompletableFuture<Void> closeFuture();
}
