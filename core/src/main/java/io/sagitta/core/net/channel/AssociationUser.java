package io.sagitta.core.net.channel;

import io.sagitta.core.net.assoc.NegotiationResult;
import io.sagitta.core.net.dimse.DimseCommand;
import io.sagitta.core.net.pdu.AAssociateAc;
import io.sagitta.core.net.pdu.AAssociateRj;
import io.sagitta.core.net.pdu.AAssociateRq;
import io.sagitta.core.net.service.DimseDataHandler;

/**
 * The DIMSE side of an {@link AssociationHandler}: the acceptor's service dispatch or the requestor's
 * client. All calls come on the channel's event loop.
 */
interface AssociationUser {

    /** Acceptor: the answer to an A-ASSOCIATE-RQ (AE-6). */
    default NegotiationResult negotiate(AAssociateRq rq) {
        throw new IllegalStateException("a requestor does not negotiate");
    }

    /** Requestor: a problem with the A-ASSOCIATE-AC that makes it unusable (the association is aborted), or null. */
    default String checkAccept(AAssociateAc ac) {
        return null;
    }

    /** The association is established (Sta6): DIMSE messages may flow. */
    void established(AssociationHandler association);

    /** Requestor: the acceptor rejected the association. */
    default void rejected(AAssociateRj rj) {
    }

    /** A complete command arrived; see {@link MessageAssembler.Recipient}. */
    DimseDataHandler onCommand(int presentationContextId, DimseCommand command);

    /** True while operations are in progress (the idle timer does not run then). */
    boolean busy();

    /**
     * The connection is gone.
     *
     * @param cause null after an orderly release, else why the association ended
     */
    void closed(Throwable cause);
}
