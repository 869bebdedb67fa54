package io.sagitta.core.net.assoc;

import io.sagitta.core.net.pdu.AAssociateAc;
import io.sagitta.core.net.pdu.AAssociateRj;
import io.sagitta.core.net.pdu.AAssociateRq;
import io.sagitta.core.net.pdu.AsyncOpsWindow;
import io.sagitta.core.net.pdu.PresentationContextAc;
import io.sagitta.core.net.pdu.PresentationContextRq;
import io.sagitta.core.net.pdu.RoleSelection;
import io.sagitta.core.net.pdu.UserIdentityAc;
import io.sagitta.core.net.pdu.UserInformation;
import java.util.ArrayList;
import java.util.List;

/**
 * Acceptor-side association negotiation as a pure function: an A-ASSOCIATE-RQ and an
 * {@link AcceptorPolicy} in, an A-ASSOCIATE-AC or -RJ out. No sockets, no state, no clock.
 *
 * <p>Checks, in this order (the first failure decides):
 * <ol>
 *   <li>protocol version (bit 0 must be set): rejected-permanent, service-provider (ACSE), protocol
 *       version not supported (2);</li>
 *   <li>application context name: rejected-permanent, service-user, application context name not
 *       supported (2);</li>
 *   <li>called AE title: rejected-permanent, service-user, called AE title not recognized (7);</li>
 *   <li>calling AE title: rejected-permanent, service-user, calling AE title not recognized (3);</li>
 *   <li>user identity: rejected-permanent, service-user, no reason given (1);</li>
 *   <li>each presentation context: abstract syntax not supported (3); no proposed transfer syntax we
 *       accept (4); a role selection that leaves the requestor no role we allow: user rejection (1);
 *       otherwise accepted with the first of <em>our</em> preferred transfer syntaxes that the requestor
 *       proposed (the acceptor's preference wins: it knows what it stores and serves best);</li>
 *   <li>no context accepted: {@link AcceptorPolicy.NoAcceptableContext} decides (reject with
 *       rejected-permanent, service-user, no reason given, by default).</li>
 * </ol>
 *
 * <p>SOP class extended negotiation is not answered (PS3.7 D.3.3.5: no reply means not supported).
 */
public final class AssociationNegotiation {

    private AssociationNegotiation() {
    }

    public static NegotiationResult negotiate(AAssociateRq rq, AcceptorPolicy policy) {
        if ((rq.protocolVersion() & 1) == 0) {
            return reject(AAssociateRj.SOURCE_SERVICE_PROVIDER_ACSE, AAssociateRj.ACSE_PROTOCOL_VERSION_NOT_SUPPORTED,
                "protocol version " + rq.protocolVersion() + " not supported");
        }
        if (!AAssociateAc.DICOM_APPLICATION_CONTEXT.equals(rq.applicationContextName())) {
            return reject(AAssociateRj.SOURCE_SERVICE_USER, AAssociateRj.USER_APPLICATION_CONTEXT_NAME_NOT_SUPPORTED,
                "application context " + rq.applicationContextName() + " not supported");
        }
        if (!policy.calledAeTitles().isEmpty() && !policy.calledAeTitles().contains(rq.calledAeTitle())) {
            return reject(AAssociateRj.SOURCE_SERVICE_USER, AAssociateRj.USER_CALLED_AE_TITLE_NOT_RECOGNIZED,
                "called AE title " + rq.calledAeTitle() + " not recognized");
        }
        if (!policy.callingAeTitleFilter().test(rq.callingAeTitle())) {
            return reject(AAssociateRj.SOURCE_SERVICE_USER, AAssociateRj.USER_CALLING_AE_TITLE_NOT_RECOGNIZED,
                "calling AE title " + rq.callingAeTitle() + " not recognized");
        }
        UserInformation requested = rq.userInformation();
        UserIdentityAuthenticator.Verdict verdict =
            policy.authenticator().authenticate(requested.userIdentityRq(), rq.callingAeTitle());
        if (verdict == null || !verdict.accepted()) {
            return reject(AAssociateRj.SOURCE_SERVICE_USER, AAssociateRj.USER_NO_REASON_GIVEN,
                "user identity of " + rq.callingAeTitle() + " not accepted");
        }

        List<PresentationContextAc> contexts = new ArrayList<>(rq.presentationContexts().size());
        List<RoleSelection> roles = new ArrayList<>();
        boolean anyAccepted = false;
        for (PresentationContextRq pc : rq.presentationContexts()) {
            PresentationContextAc answer = negotiateContext(pc, requested, policy, roles);
            anyAccepted |= answer.isAccepted();
            contexts.add(answer);
        }
        if (!anyAccepted && policy.noAcceptableContext() == AcceptorPolicy.NoAcceptableContext.REJECT) {
            return reject(AAssociateRj.SOURCE_SERVICE_USER, AAssociateRj.USER_NO_REASON_GIVEN,
                "no acceptable presentation context");
        }

        UserIdentityAc identityAc = requested.userIdentityRq() != null
            && requested.userIdentityRq().positiveResponseRequested() ? new UserIdentityAc(verdict.serverResponse()) : null;
        UserInformation info = new UserInformation(policy.maxPduLength(), policy.implementationClassUid(),
            policy.implementationVersionName(), asyncOpsWindow(requested.asyncOpsWindow(), policy.asyncOpsWindow()),
            roles, List.of(), null, identityAc);
        return new NegotiationResult.Accepted(new AAssociateAc(rq.protocolVersion() & 1, rq.calledAeTitle(),
            rq.callingAeTitle(), rq.applicationContextName(), contexts, info));
    }

    private static PresentationContextAc negotiateContext(PresentationContextRq pc, UserInformation requested,
                                                          AcceptorPolicy policy, List<RoleSelection> roles) {
        List<String> ours = policy.abstractSyntaxes().get(pc.abstractSyntax());
        if (ours == null) {
            return PresentationContextAc.rejected(pc.id(), PresentationContextAc.ABSTRACT_SYNTAX_NOT_SUPPORTED);
        }
        String chosen = null;
        for (String ts : ours) {
            if (pc.transferSyntaxes().contains(ts)) {
                chosen = ts;
                break;
            }
        }
        if (chosen == null) {
            return PresentationContextAc.rejected(pc.id(), PresentationContextAc.TRANSFER_SYNTAXES_NOT_SUPPORTED);
        }
        RoleSelection proposed = requested.roleSelection(pc.abstractSyntax());
        if (proposed != null) {
            // The requestor keeps the SCU role it asks for; the SCP role only where the policy allows it.
            RoleSelection answer = new RoleSelection(pc.abstractSyntax(), proposed.scu(),
                proposed.scp() && policy.requestorScpRole().test(pc.abstractSyntax()));
            if (!answer.scu() && !answer.scp()) {
                return PresentationContextAc.rejected(pc.id(), PresentationContextAc.USER_REJECTION);
            }
            if (!roles.contains(answer)) {
                roles.add(answer);
            }
        }
        return PresentationContextAc.accepted(pc.id(), chosen);
    }

    /**
     * Our answer to a proposed window: what we invoke is bounded by what the requestor performs and vice
     * versa, 0 meaning unlimited (PS3.7 D.3.3.3). No answer when either side did not ask for asynchrony.
     */
    private static AsyncOpsWindow asyncOpsWindow(AsyncOpsWindow proposed, AsyncOpsWindow ours) {
        if (proposed == null || ours == null) {
            return null;
        }
        return new AsyncOpsWindow(minUnlimited(ours.maxOperationsInvoked(), proposed.maxOperationsPerformed()),
            minUnlimited(ours.maxOperationsPerformed(), proposed.maxOperationsInvoked()));
    }

    private static int minUnlimited(int a, int b) {
        return a == 0 ? b : b == 0 ? a : Math.min(a, b);
    }

    private static NegotiationResult reject(int source, int reason, String why) {
        return new NegotiationResult.Rejected(
            new AAssociateRj(AAssociateRj.RESULT_REJECTED_PERMANENT, source, reason), why);
    }
}
