package io.sagitta.core.net.assoc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.sagitta.core.net.pdu.AAssociateAc;
import io.sagitta.core.net.pdu.AAssociateRj;
import io.sagitta.core.net.pdu.AAssociateRq;
import io.sagitta.core.net.pdu.AsyncOpsWindow;
import io.sagitta.core.net.pdu.PresentationContextAc;
import io.sagitta.core.net.pdu.PresentationContextRq;
import io.sagitta.core.net.pdu.RoleSelection;
import io.sagitta.core.net.pdu.UserIdentityAc;
import io.sagitta.core.net.pdu.UserIdentityRq;
import io.sagitta.core.net.pdu.UserInformation;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AssociationNegotiationTest {

    static final String VERIFICATION = "1.2.840.10008.1.1";
    static final String CT = "1.2.840.10008.5.1.4.1.1.2";
    static final String MR = "1.2.840.10008.5.1.4.1.1.4";
    static final String IMPLICIT = "1.2.840.10008.1.2";
    static final String EXPLICIT = "1.2.840.10008.1.2.1";
    static final String JPEG = "1.2.840.10008.1.2.4.50";

    private static AcceptorPolicy policy() {
        return AcceptorPolicy.create()
            .acceptCalledAeTitle("SAGITTA")
            .support(VERIFICATION, IMPLICIT, EXPLICIT)
            .support(CT, EXPLICIT, IMPLICIT, JPEG)
            .maxPduLength(32768);
    }

    private static AAssociateRq rq(String called, String calling, UserInformation info, PresentationContextRq... pcs) {
        return AAssociateRq.of(called, calling, List.of(pcs), info);
    }

    private static AAssociateRq rq(PresentationContextRq... pcs) {
        return rq("SAGITTA", "MODALITY", UserInformation.of(16384, "1.2.3", null), pcs);
    }

    private static AAssociateAc accepted(NegotiationResult result) {
        return assertInstanceOf(NegotiationResult.Accepted.class, result, () -> result.toString()).pdu();
    }

    private static void assertRejected(NegotiationResult result, int source, int reason) {
        NegotiationResult.Rejected r = assertInstanceOf(NegotiationResult.Rejected.class, result);
        assertEquals(new AAssociateRj(AAssociateRj.RESULT_REJECTED_PERMANENT, source, reason), r.pdu());
    }

    @Test
    void acceptsWithOurTransferSyntaxPreference() {
        AAssociateAc ac = accepted(AssociationNegotiation.negotiate(rq(
            PresentationContextRq.of(1, VERIFICATION, IMPLICIT),
            // The requestor prefers implicit; we prefer explicit, and ours wins.
            PresentationContextRq.of(3, CT, IMPLICIT, JPEG, EXPLICIT),
            PresentationContextRq.of(5, CT, JPEG)), policy()));
        assertEquals(List.of(PresentationContextAc.accepted(1, IMPLICIT), PresentationContextAc.accepted(3, EXPLICIT),
            PresentationContextAc.accepted(5, JPEG)), ac.presentationContexts());
        assertEquals("SAGITTA", ac.calledAeTitle());
        assertEquals("MODALITY", ac.callingAeTitle());
        assertEquals(32768, ac.userInformation().maxPduLength());
        assertEquals(policy().implementationClassUid(), ac.userInformation().implementationClassUid());
        assertNull(ac.userInformation().asyncOpsWindow(), "synchronous unless the policy allows more");
    }

    @Test
    void perContextRejections() {
        AAssociateAc ac = accepted(AssociationNegotiation.negotiate(rq(
            PresentationContextRq.of(1, VERIFICATION, IMPLICIT),
            PresentationContextRq.of(3, MR, EXPLICIT),
            PresentationContextRq.of(5, CT, "1.2.840.10008.1.2.4.90")), policy()));
        assertEquals(List.of(PresentationContextAc.accepted(1, IMPLICIT),
            PresentationContextAc.rejected(3, PresentationContextAc.ABSTRACT_SYNTAX_NOT_SUPPORTED),
            PresentationContextAc.rejected(5, PresentationContextAc.TRANSFER_SYNTAXES_NOT_SUPPORTED)),
            ac.presentationContexts());
    }

    @Test
    void rejections() {
        UserInformation info = UserInformation.of(0, "1.2", null);
        PresentationContextRq echo = PresentationContextRq.of(1, VERIFICATION, IMPLICIT);
        assertRejected(AssociationNegotiation.negotiate(rq("OTHER", "MODALITY", info, echo), policy()),
            AAssociateRj.SOURCE_SERVICE_USER, AAssociateRj.USER_CALLED_AE_TITLE_NOT_RECOGNIZED);
        assertRejected(AssociationNegotiation.negotiate(rq("SAGITTA", "STRANGER", info, echo),
                policy().callingAeTitleFilter(Set.of("MODALITY")::contains)),
            AAssociateRj.SOURCE_SERVICE_USER, AAssociateRj.USER_CALLING_AE_TITLE_NOT_RECOGNIZED);
        assertRejected(AssociationNegotiation.negotiate(new AAssociateRq(1, "SAGITTA", "MODALITY", "1.2.3.4",
                List.of(echo), info), policy()),
            AAssociateRj.SOURCE_SERVICE_USER, AAssociateRj.USER_APPLICATION_CONTEXT_NAME_NOT_SUPPORTED);
        assertRejected(AssociationNegotiation.negotiate(new AAssociateRq(2, "SAGITTA", "MODALITY",
                AAssociateAc.DICOM_APPLICATION_CONTEXT, List.of(echo), info), policy()),
            AAssociateRj.SOURCE_SERVICE_PROVIDER_ACSE, AAssociateRj.ACSE_PROTOCOL_VERSION_NOT_SUPPORTED);
        // Any called AE title when the policy names none.
        accepted(AssociationNegotiation.negotiate(rq("WHATEVER", "MODALITY", info, echo),
            AcceptorPolicy.create().support(VERIFICATION, IMPLICIT)));
    }

    @Test
    void noAcceptableContext() {
        AAssociateRq onlyMr = rq(PresentationContextRq.of(1, MR, IMPLICIT));
        assertRejected(AssociationNegotiation.negotiate(onlyMr, policy()),
            AAssociateRj.SOURCE_SERVICE_USER, AAssociateRj.USER_NO_REASON_GIVEN);
        AAssociateAc ac = accepted(AssociationNegotiation.negotiate(onlyMr,
            policy().noAcceptableContext(AcceptorPolicy.NoAcceptableContext.ACCEPT_ALL_REJECTED)));
        assertEquals(List.of(PresentationContextAc.rejected(1, PresentationContextAc.ABSTRACT_SYNTAX_NOT_SUPPORTED)),
            ac.presentationContexts());
    }

    @Test
    void userIdentity() {
        UserInformation withIdentity = UserInformation.of(0, "1.2", null)
            .withUserIdentityRq(UserIdentityRq.usernameAndPasscode("alice", "right", true));
        PresentationContextRq echo = PresentationContextRq.of(1, VERIFICATION, IMPLICIT);
        UserIdentityAuthenticator passwords = (identity, calling) -> identity != null
            && identity.identityType() == UserIdentityRq.USERNAME_AND_PASSCODE
            && "alice".equals(identity.primaryText())
            && "right".equals(new String(identity.secondaryField()))
            ? UserIdentityAuthenticator.Verdict.accept(new byte[] {7}) : UserIdentityAuthenticator.Verdict.reject();

        AAssociateAc ac = accepted(AssociationNegotiation.negotiate(
            rq("SAGITTA", "MODALITY", withIdentity, echo), policy().authenticator(passwords)));
        assertEquals(new UserIdentityAc(new byte[] {7}), ac.userInformation().userIdentityAc(),
            "positive response requested, so one is sent");

        UserInformation wrong = UserInformation.of(0, "1.2", null)
            .withUserIdentityRq(UserIdentityRq.usernameAndPasscode("alice", "wrong", false));
        assertRejected(AssociationNegotiation.negotiate(rq("SAGITTA", "MODALITY", wrong, echo),
            policy().authenticator(passwords)), AAssociateRj.SOURCE_SERVICE_USER, AAssociateRj.USER_NO_REASON_GIVEN);
        assertRejected(AssociationNegotiation.negotiate(rq("SAGITTA", "MODALITY", UserInformation.of(0, "1.2", null), echo),
            policy().authenticator(passwords)), AAssociateRj.SOURCE_SERVICE_USER, AAssociateRj.USER_NO_REASON_GIVEN);

        // No positive response requested: no User Identity AC sub-item.
        UserInformation noResponse = UserInformation.of(0, "1.2", null)
            .withUserIdentityRq(UserIdentityRq.username("bob", false));
        assertNull(accepted(AssociationNegotiation.negotiate(rq("SAGITTA", "MODALITY", noResponse, echo), policy()))
            .userInformation().userIdentityAc());
    }

    @Test
    void roleSelection() {
        UserInformation info = UserInformation.of(0, "1.2", null).withRoleSelections(List.of(
            new RoleSelection(CT, false, true),            // C-GET: requestor wants to be the storage SCP only
            new RoleSelection(VERIFICATION, true, true)));
        AAssociateRq request = rq("SAGITTA", "MODALITY", info,
            PresentationContextRq.of(1, VERIFICATION, IMPLICIT), PresentationContextRq.of(3, CT, EXPLICIT));

        AAssociateAc refused = accepted(AssociationNegotiation.negotiate(request, policy()));
        assertEquals(PresentationContextAc.rejected(3, PresentationContextAc.USER_REJECTION),
            refused.presentationContext(3), "no role left for the requestor");
        assertEquals(List.of(new RoleSelection(VERIFICATION, true, false)), refused.userInformation().roleSelections());

        AAssociateAc allowed = accepted(AssociationNegotiation.negotiate(request,
            policy().requestorScpRole(CT::equals)));
        assertEquals(PresentationContextAc.accepted(3, EXPLICIT), allowed.presentationContext(3));
        assertEquals(List.of(new RoleSelection(VERIFICATION, true, false), new RoleSelection(CT, false, true)),
            allowed.userInformation().roleSelections());
    }

    @Test
    void asyncOpsWindow() {
        UserInformation info = UserInformation.of(0, "1.2", null).withAsyncOpsWindow(new AsyncOpsWindow(10, 0));
        AAssociateRq request = rq("SAGITTA", "MODALITY", info, PresentationContextRq.of(1, VERIFICATION, IMPLICIT));
        assertNull(accepted(AssociationNegotiation.negotiate(request, policy())).userInformation().asyncOpsWindow());
        // We invoke at most 4 (the requestor performs unlimited), we perform at most min(8, 10).
        assertEquals(new AsyncOpsWindow(4, 8), accepted(AssociationNegotiation.negotiate(request,
            policy().asyncOpsWindow(new AsyncOpsWindow(4, 8)))).userInformation().asyncOpsWindow());
    }

    @Test
    void identityFieldsAreCopies() {
        byte[] secret = {1, 2};
        UserIdentityRq id = new UserIdentityRq(2, false, new byte[] {3}, secret);
        secret[0] = 9;
        assertArrayEquals(new byte[] {1, 2}, id.secondaryField());
    }
}
