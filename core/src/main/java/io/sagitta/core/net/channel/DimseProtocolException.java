package io.sagitta.core.net.channel;

/**
 * The peer broke the DIMSE message rules (PS3.7 9.2, PS3.8 9.3.5.1): a PDV on a context that was not
 * accepted, a data set fragment where a command was due, a command set too long or unreadable. The
 * association is aborted.
 */
public final class DimseProtocolException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public DimseProtocolException(String message) {
        super(message);
    }

    public DimseProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
