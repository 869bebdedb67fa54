package io.sagitta.core.net.channel;

import io.sagitta.core.net.dimse.DimseCommand;
import io.sagitta.core.net.pdu.PDataFragmenter;
import java.time.Duration;

/**
 * Timers and limits of one association, for either side. A mutable options object: build once, share
 * read-only.
 */
public final class AssociationOptions {

    private Duration artimTimeout = Duration.ofSeconds(10);
    private Duration idleTimeout = Duration.ofMinutes(5);
    private Duration dimseResponseTimeout = Duration.ofMinutes(1);
    private long maxPduLength = 64 * 1024;
    private long sendCap = PDataFragmenter.DEFAULT_SEND_CAP;
    private int maxCommandLength = 16 * 1024;
    private long maxAssociateLength = 256 * 1024;

    public static AssociationOptions create() {
        return new AssociationOptions();
    }

    /**
     * ARTIM (PS3.8 9.1.5): how long an acceptor waits for the A-ASSOCIATE-RQ after the connection opens,
     * and either side waits for the peer to close after a reject, abort or release. Also bounds how long a
     * requestor waits for the A-ASSOCIATE-AC and for the A-RELEASE-RP. Default 10 s.
     */
    public Duration artimTimeout() {
        return artimTimeout;
    }

    public AssociationOptions artimTimeout(Duration timeout) {
        this.artimTimeout = positive(timeout, "ARTIM timeout");
        return this;
    }

    /**
     * An established association with nothing received or sent for this long, and no operation in
     * progress, is aborted; so is one whose peer reads nothing of what it is sent for this long, operation
     * in progress or not. Zero disables. Default 5 minutes.
     */
    public Duration idleTimeout() {
        return idleTimeout;
    }

    public AssociationOptions idleTimeout(Duration timeout) {
        this.idleTimeout = nonNegative(timeout, "idle timeout");
        return this;
    }

    /**
     * Requestor side: how long to wait for the response to a request once it is sent; on expiry the
     * association is aborted. Zero waits for ever. Default 1 minute.
     */
    public Duration dimseResponseTimeout() {
        return dimseResponseTimeout;
    }

    public AssociationOptions dimseResponseTimeout(Duration timeout) {
        this.dimseResponseTimeout = nonNegative(timeout, "DIMSE response timeout");
        return this;
    }

    /**
     * The maximum P-DATA-TF length this side receives (PS3.8 D.1): requestors advertise it in their
     * A-ASSOCIATE-RQ, and either side refuses a longer P-DATA-TF with an A-ABORT (the acceptor advertises
     * its {@code AcceptorPolicy}'s value and enforces that one). Default 64 KiB.
     */
    public long maxPduLength() {
        return maxPduLength;
    }

    public AssociationOptions maxPduLength(long bytes) {
        if (bytes < 4096 || bytes > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("max PDU length must be 4096..2^32-1, not " + bytes);
        }
        this.maxPduLength = bytes;
        return this;
    }

    /** The longest P-DATA-TF we send, whatever the peer accepts. Default 1 MiB. */
    public long sendCap() {
        return sendCap;
    }

    public AssociationOptions sendCap(long bytes) {
        this.sendCap = bytes;
        return this;
    }

    /** The longest command set we reassemble; a longer one aborts the association. Default 16 KiB. */
    public int maxCommandLength() {
        return maxCommandLength;
    }

    public AssociationOptions maxCommandLength(int bytes) {
        if (bytes < 256 || bytes > DimseCommand.MAX_ENCODED_LENGTH) {
            throw new IllegalArgumentException("max command length must be 256.." + DimseCommand.MAX_ENCODED_LENGTH);
        }
        this.maxCommandLength = bytes;
        return this;
    }

    /** The longest A-ASSOCIATE-RQ/AC accepted. Default 256 KiB. */
    public long maxAssociateLength() {
        return maxAssociateLength;
    }

    public AssociationOptions maxAssociateLength(long bytes) {
        this.maxAssociateLength = bytes;
        return this;
    }

    private static Duration positive(Duration d, String what) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive");
        }
        return d;
    }

    private static Duration nonNegative(Duration d, String what) {
        if (d == null || d.isNegative()) {
            throw new IllegalArgumentException(what + " must not be negative");
        }
        return d;
    }
}
