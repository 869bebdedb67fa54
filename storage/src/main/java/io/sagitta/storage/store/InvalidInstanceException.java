package io.sagitta.storage.store;

/**
 * The instance's content does not fit what it claims to be: its dataset names another SOP instance
 * or class than the request, or lacks the UIDs every stored instance must have. DIMSE answers
 * A900 (dataset does not match SOP class), STOW-RS a failed SOP with reason 0xA900.
 */
public final class InvalidInstanceException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public InvalidInstanceException(String message) {
        super(message);
    }
}
