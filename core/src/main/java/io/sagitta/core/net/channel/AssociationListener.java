package io.sagitta.core.net.channel;

import io.sagitta.core.net.pdu.AAssociateRq;
import io.sagitta.core.net.service.AssociationInfo;

/**
 * What an acceptor tells about its associations, for logs, audit and metrics. Every call comes on the
 * association's event loop and must return at once (no blocking, no I/O of its own); a listener that throws
 * is logged and otherwise ignored.
 */
public interface AssociationListener {

    /** Tells nothing. */
    AssociationListener NONE = new AssociationListener() {
    };

    /** The association is established: A-ASSOCIATE-AC sent. */
    default void established(AssociationInfo association) {
    }

    /**
     * An A-ASSOCIATE-RQ was rejected.
     *
     * @param id the id the association would have had
     * @param reason a human-readable cause (never sent to the peer)
     */
    default void rejected(String id, AAssociateRq request, String reason) {
    }

    /**
     * An established association ended.
     *
     * @param cause null after an orderly release, else why it ended (an abort, a timeout, a lost connection)
     */
    default void closed(AssociationInfo association, Throwable cause) {
    }
}
