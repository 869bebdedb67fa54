package io.sagitta.core.net.pdu;

/**
 * SCP/SCU Role Selection sub-item (PS3.7 section D.3.3.4). In a request the flags say which roles the
 * requestor proposes for itself; in an accept they say which of those the acceptor allowed.
 */
public record RoleSelection(String sopClassUid, boolean scu, boolean scp) {

    public RoleSelection {
        if (sopClassUid == null) {
            throw new IllegalArgumentException("SOP class UID is required");
        }
    }
}
