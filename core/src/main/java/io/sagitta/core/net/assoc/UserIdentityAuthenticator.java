package io.sagitta.core.net.assoc;

import io.sagitta.core.net.pdu.UserIdentityRq;

/**
 * Decides whether a requestor's user identity (PS3.7 D.3.3.7) is good enough for an association.
 * Called during negotiation, which is a pure, synchronous function: an authenticator that needs I/O
 * (a directory, a token introspection endpoint) is run by the wiring before negotiation and its
 * verdict handed in.
 */
@FunctionalInterface
public interface UserIdentityAuthenticator {

    /**
     * @param identity what the requestor sent, or null when it sent no user identity sub-item
     * @param callingAeTitle the requestor's AE title
     */
    Verdict authenticate(UserIdentityRq identity, String callingAeTitle);

    /** Accepts anyone, with or without an identity: the default. */
    UserIdentityAuthenticator ANYONE = (identity, calling) -> Verdict.accept();

    /**
     * The outcome. A rejection becomes A-ASSOCIATE-RJ (rejected-permanent, service-user, no reason given:
     * PS3.8 has no reason code for authentication, and naming the cause would help an attacker).
     *
     * @param serverResponse sent back in a User Identity AC sub-item when the requestor asked for a
     *     positive response (empty for user name identities)
     */
    record Verdict(boolean accepted, byte[] serverResponse) {

        public static Verdict accept() {
            return new Verdict(true, new byte[0]);
        }

        public static Verdict accept(byte[] serverResponse) {
            return new Verdict(true, serverResponse);
        }

        public static Verdict reject() {
            return new Verdict(false, new byte[0]);
        }
    }
}
