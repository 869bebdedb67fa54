package io.sagitta.core.net.assoc;

import io.sagitta.core.net.pdu.AAssociateAc;
import io.sagitta.core.net.pdu.AAssociateRj;
import io.sagitta.core.net.pdu.Pdu;

/** What {@link AssociationNegotiation} decided: an A-ASSOCIATE-AC to send, or an A-ASSOCIATE-RJ and why. */
public sealed interface NegotiationResult {

    /** The PDU to send. */
    Pdu pdu();

    record Accepted(AAssociateAc pdu) implements NegotiationResult {
    }

    /** @param reason a human-readable cause for the log; never sent */
    record Rejected(AAssociateRj pdu, String reason) implements NegotiationResult {
    }
}
