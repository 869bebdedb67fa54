package io.sagitta.core.net.pdu;

/** A-RELEASE-RP (PS3.8 section 9.3.7): no parameters. */
public record AReleaseRp() implements Pdu {

    public static final AReleaseRp INSTANCE = new AReleaseRp();

    @Override
    public int type() {
        return A_RELEASE_RP;
    }
}
