package io.sagitta.core.net.dimse;

/**
 * A command set that cannot be read: not implicit VR little endian, an element outside group 0000, a
 * missing required field, an unknown command. The association answers with an A-ABORT (the peer's
 * DIMSE layer is broken, so no DIMSE response can be trusted to reach it).
 */
public final class DimseCommandException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public DimseCommandException(String message) {
        super(message);
    }

    public DimseCommandException(String message, Throwable cause) {
        super(message, cause);
    }
}
