package io.sagitta.core.net.pdu;

/**
 * Asynchronous Operations Window sub-item (PS3.7 section D.3.3.3). 0 means unlimited; 1/1 is the
 * default synchronous mode.
 */
public record AsyncOpsWindow(int maxOperationsInvoked, int maxOperationsPerformed) {

    public AsyncOpsWindow {
        if (maxOperationsInvoked < 0 || maxOperationsInvoked > 0xFFFF
            || maxOperationsPerformed < 0 || maxOperationsPerformed > 0xFFFF) {
            throw new IllegalArgumentException("operation counts must be 0..65535");
        }
    }
}
