package io.sagitta.core.net.service;

import io.netty.util.concurrent.EventExecutor;
import io.sagitta.core.data.Dataset;
import io.sagitta.core.data.TransferSyntax;
import io.sagitta.core.net.dimse.DimseCommand;

/**
 * A C-GET-RQ as a {@link GetService} sees it: as a {@link MoveRequest}, with the association itself as the
 * destination of the sub-operations.
 *
 * @param stores sends the C-STORE sub-operations on this association
 */
public record GetRequest(AssociationInfo association, int presentationContextId, DimseCommand command,
                         TransferSyntax transferSyntax, QueryRetrieveModel model, Dataset identifier,
                         EventExecutor eventLoop, SubOperationStore stores) {

    public String callingAeTitle() {
        return association.callingAeTitle();
    }

    public int messageId() {
        return command.messageId();
    }
}
