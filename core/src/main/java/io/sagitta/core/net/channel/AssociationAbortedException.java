package io.sagitta.core.net.channel;

import io.sagitta.core.net.pdu.AAbort;

/** The association ended without an orderly release: aborted by either side, timed out, or the connection dropped. */
public final class AssociationAbortedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient AAbort abort;

    public AssociationAbortedException(String message) {
        this(message, null, null);
    }

    public AssociationAbortedException(String message, AAbort abort, Throwable cause) {
        super(message + (abort == null ? "" : ": " + abort), cause);
        this.abort = abort;
    }

    /** The A-ABORT sent or received, or null when the connection simply ended. */
    public AAbort abort() {
        return abort;
    }
}
