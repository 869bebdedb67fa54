package io.sagitta.core.net.service;

import io.netty.util.concurrent.EventExecutor;
import io.sagitta.core.data.Dataset;
import io.sagitta.core.data.TransferSyntax;
import io.sagitta.core.net.dimse.DimseCommand;

/**
 * A C-FIND-RQ as a {@link FindService} sees it, its identifier already received and parsed.
 *
 * @param transferSyntax the syntax negotiated for the presentation context: the identifier arrived in it, and
 *     the matches are sent in it
 * @param model the information model named by the request's SOP class
 * @param identifier the request's identifier (matching and return keys); the service may keep it
 * @param eventLoop the association's event loop, on which every call to the service and to its
 *     {@link FindService.Matches} is made; a service may run its own work there to save thread hops
 */
public record FindRequest(AssociationInfo association, int presentationContextId, DimseCommand command,
                          TransferSyntax transferSyntax, QueryRetrieveModel model, Dataset identifier,
                          EventExecutor eventLoop) {

    public String sopClassUid() {
        return command.affectedSopClassUid();
    }

    public String callingAeTitle() {
        return association.callingAeTitle();
    }

    public int messageId() {
        return command.messageId();
    }
}
