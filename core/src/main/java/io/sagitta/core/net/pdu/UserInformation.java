package io.sagitta.core.net.pdu;

import java.util.List;

/**
 * The User Information item of an A-ASSOCIATE-RQ or -AC (PS3.8 Annex D, PS3.7 Annex D).
 *
 * @param maxPduLength the longest P-DATA-TF variable field the sender accepts (PS3.8 D.1); 0 means no
 *     limit, and is what a missing sub-item decodes to
 * @param implementationClassUid required by PS3.7 D.3.3.2; null only when a peer left it out
 * @param implementationVersionName optional, up to 16 characters; null when absent
 * @param asyncOpsWindow null when absent (synchronous operation)
 * @param roleSelections one per SOP class whose roles are negotiated
 * @param extendedNegotiations SOP class extended negotiation, bytes kept as sent
 * @param userIdentityRq only in a request; null when absent
 * @param userIdentityAc only in an accept; null when absent
 */
public record UserInformation(long maxPduLength, String implementationClassUid, String implementationVersionName,
                              AsyncOpsWindow asyncOpsWindow, List<RoleSelection> roleSelections,
                              List<ExtendedNegotiation> extendedNegotiations, UserIdentityRq userIdentityRq,
                              UserIdentityAc userIdentityAc) {

    public UserInformation {
        if (maxPduLength < 0 || maxPduLength > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("max PDU length must be an unsigned 32-bit number, not " + maxPduLength);
        }
        if (implementationVersionName != null && implementationVersionName.length() > 16) {
            throw new IllegalArgumentException("implementation version name is limited to 16 characters");
        }
        roleSelections = roleSelections == null ? List.of() : List.copyOf(roleSelections);
        extendedNegotiations = extendedNegotiations == null ? List.of() : List.copyOf(extendedNegotiations);
    }

    /** The minimal user information: max length and implementation identification. */
    public static UserInformation of(long maxPduLength, String implementationClassUid, String implementationVersionName) {
        return new UserInformation(maxPduLength, implementationClassUid, implementationVersionName, null, List.of(),
            List.of(), null, null);
    }

    public UserInformation withAsyncOpsWindow(AsyncOpsWindow window) {
        return new UserInformation(maxPduLength, implementationClassUid, implementationVersionName, window,
            roleSelections, extendedNegotiations, userIdentityRq, userIdentityAc);
    }

    public UserInformation withRoleSelections(List<RoleSelection> roles) {
        return new UserInformation(maxPduLength, implementationClassUid, implementationVersionName, asyncOpsWindow,
            roles, extendedNegotiations, userIdentityRq, userIdentityAc);
    }

    public UserInformation withExtendedNegotiations(List<ExtendedNegotiation> negotiations) {
        return new UserInformation(maxPduLength, implementationClassUid, implementationVersionName, asyncOpsWindow,
            roleSelections, negotiations, userIdentityRq, userIdentityAc);
    }

    public UserInformation withUserIdentityRq(UserIdentityRq identity) {
        return new UserInformation(maxPduLength, implementationClassUid, implementationVersionName, asyncOpsWindow,
            roleSelections, extendedNegotiations, identity, userIdentityAc);
    }

    public UserInformation withUserIdentityAc(UserIdentityAc identity) {
        return new UserInformation(maxPduLength, implementationClassUid, implementationVersionName, asyncOpsWindow,
            roleSelections, extendedNegotiations, userIdentityRq, identity);
    }

    /** The role selection proposed for a SOP class, or null. */
    public RoleSelection roleSelection(String sopClassUid) {
        for (RoleSelection r : roleSelections) {
            if (r.sopClassUid().equals(sopClassUid)) {
                return r;
            }
        }
        return null;
    }
}
