package io.sagitta.core.net.service;

import io.sagitta.core.data.TransferSyntax;
import io.sagitta.core.net.dimse.DimseCommand;

/**
 * A C-STORE-RQ as a {@link StoreService} sees it.
 *
 * @param transferSyntax the syntax negotiated for the presentation context: the data set arrives (and is
 *     kept) in it, and a Part 10 file of it names it in its File Meta Information
 */
public record StoreRequest(AssociationInfo association, int presentationContextId, DimseCommand command,
                           TransferSyntax transferSyntax) {

    public String sopClassUid() {
        return command.affectedSopClassUid();
    }

    public String sopInstanceUid() {
        return command.affectedSopInstanceUid();
    }

    public String callingAeTitle() {
        return association.callingAeTitle();
    }

    /** Move Originator AE title when the store is a C-MOVE sub-operation, else null. */
    public String moveOriginatorAeTitle() {
        return command.moveOriginatorAeTitle();
    }
}
