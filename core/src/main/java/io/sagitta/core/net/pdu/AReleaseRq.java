package io.sagitta.core.net.pdu;

/** A-RELEASE-RQ (PS3.8 section 9.3.6): no parameters. */
public record AReleaseRq() implements Pdu {

    public static final AReleaseRq INSTANCE = new AReleaseRq();

    @Override
    public int type() {
        return A_RELEASE_RQ;
    }
}
