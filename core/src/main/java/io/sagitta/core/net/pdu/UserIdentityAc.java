package io.sagitta.core.net.pdu;

import java.util.Arrays;

/**
 * User Identity sub-item of an accept (PS3.7 section D.3.3.7.2): the server response (a Kerberos
 * ticket, SAML response or JWT), empty for user name identities. Sent only when the request asked for a
 * positive response.
 */
public record UserIdentityAc(byte[] serverResponse) {

    public UserIdentityAc {
        serverResponse = serverResponse == null ? new byte[0] : serverResponse.clone();
        if (serverResponse.length > 0xFFFF) {
            throw new IllegalArgumentException("server response is limited to 65535 bytes");
        }
    }

    @Override
    public byte[] serverResponse() {
        return serverResponse.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UserIdentityAc other && Arrays.equals(serverResponse, other.serverResponse);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(serverResponse);
    }

    @Override
    public String toString() {
        return "UserIdentityAc[" + serverResponse.length + " bytes]";
    }
}
