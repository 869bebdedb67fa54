package io.sagitta.core.net.service;

import io.sagitta.core.net.pdu.AAssociateAc;
import io.sagitta.core.net.pdu.AAssociateRq;
import io.sagitta.core.net.pdu.PresentationContextAc;
import io.sagitta.core.net.pdu.PresentationContextRq;
import java.net.SocketAddress;

/**
 * What a service may know about the association an operation arrived on.
 *
 * @param id this process's short name for the association (such as {@code a-17}), for logs and audit lines
 */
public record AssociationInfo(AAssociateRq request, AAssociateAc accept, SocketAddress remoteAddress, String id) {

    public String callingAeTitle() {
        return request.callingAeTitle();
    }

    public String calledAeTitle() {
        return request.calledAeTitle();
    }

    /** The abstract syntax proposed for an accepted context, or null. */
    public String abstractSyntax(int presentationContextId) {
        PresentationContextRq pc = request.presentationContext(presentationContextId);
        return pc == null ? null : pc.abstractSyntax();
    }

    /** The transfer syntax accepted for a context, or null when not accepted. */
    public String transferSyntax(int presentationContextId) {
        PresentationContextAc pc = accept.presentationContext(presentationContextId);
        return pc == null || !pc.isAccepted() ? null : pc.transferSyntax();
    }
}
