package io.sagitta.core.net.channel;

import io.sagitta.core.net.dimse.DimseCommand;
import io.sagitta.core.net.pdu.AAssociateAc;
import io.sagitta.core.net.pdu.AAssociateRq;
import io.sagitta.core.net.service.DatasetSource;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

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

    /** A-RELEASE once the operations called before it are done; completes when the connection is closed. */
    CompletableFuture<Void> release();

    /** A-ABORT now; operations in progress fail. */
    void abort();

    /** Completes normally after a release, exceptionally after an abort or a lost connection. */
    CompletableFuture<Void> closeFuture();
}
