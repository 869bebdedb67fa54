package io.sagitta.core.net.channel;

import io.sagitta.core.net.pdu.AAssociateRj;

/** The acceptor answered our A-ASSOCIATE-RQ with an A-ASSOCIATE-RJ. */
public final class AssociationRejectedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient AAssociateRj reject;

    public AssociationRejectedException(AAssociateRj reject) {
        super("association rejected: " + reject);
        this.reject = reject;
    }

    public AAssociateRj reject() {
        return reject;
    }
}
