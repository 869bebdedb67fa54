package io.sagitta.core.net.channel;

/** An acceptor-side operation a C-CANCEL-RQ can stop (C-FIND, C-MOVE), keyed by its Message ID. */
interface CancellableOperation {

    int messageId();

    /** C-CANCEL-RQ: stop, and answer FE00. */
    void cancel();

    /** The association ended: stop, and answer nothing. */
    void abandon();
}
