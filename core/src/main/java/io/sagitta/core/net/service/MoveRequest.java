package io.sagitta.core.net.service;

import io.netty.util.concurrent.EventExecutor;
import io.sagitta.core.data.Dataset;
import io.sagitta.core.data.TransferSyntax;
import io.sagitta.core.net.dimse.DimseCommand;

/**
 * A C-MOVE-RQ as a {@link MoveService} sees it, its identifier already received and parsed.
 *
 * @param transferSyntax the syntax negotiated for the presentation context (of the identifier, and of the
 *     Failed SOP Instance UID List sent back)
 * @param model the information model named by the request's SOP class
 * @param identifier the request's identifier (the unique keys of what to move)
 * @param eventLoop the association's event loop, on which every call to the service and its
 *     {@link MoveService.SubOperations} is made
 */
public record MoveRequest(AssociationInfo association, int presentationContextId, DimseCommand command,
                          TransferSyntax transferSyntax, QueryRetrieveModel model, Dataset identifier,
                          EventExecutor eventLoop) {

    /** The AE title the instances go to (Move Destination, (0000,0600)). */
    public String moveDestination() {
        return command.moveDestination();
    }

    /** The requestor's AE title: the Move Originator of the sub-operations. */
    public String callingAeTitle() {
        return association.callingAeTitle();
    }

    public int messageId() {
        return command.messageId();
    }
}
