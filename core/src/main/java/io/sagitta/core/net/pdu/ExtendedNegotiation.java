package io.sagitta.core.net.pdu;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * SOP Class Extended Negotiation sub-item (PS3.7 section D.3.3.5): the service-class application
 * information is kept as bytes; its meaning depends on the service class (PS3.4).
 */
public record ExtendedNegotiation(String sopClassUid, byte[] applicationInformation) {

    public ExtendedNegotiation {
        if (sopClassUid == null) {
            throw new IllegalArgumentException("SOP class UID is required");
        }
        applicationInformation = applicationInformation == null ? new byte[0] : applicationInformation.clone();
    }

    @Override
    public byte[] applicationInformation() {
        return applicationInformation.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ExtendedNegotiation other && sopClassUid.equals(other.sopClassUid)
            && Arrays.equals(applicationInformation, other.applicationInformation);
    }

    @Override
    public int hashCode() {
        return sopClassUid.hashCode() * 31 + Arrays.hashCode(applicationInformation);
    }

    @Override
    public String toString() {
        return "ExtendedNegotiation[" + sopClassUid + ", " + HexFormat.of().formatHex(applicationInformation) + "]";
    }
}
