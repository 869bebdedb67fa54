package io.sagitta.core.net.channel;

import io.sagitta.core.data.TransferSyntax;
import io.sagitta.core.data.UID;
import io.sagitta.core.io.Part10Writer;
import io.sagitta.core.net.pdu.AAssociateRq;
import io.sagitta.core.net.pdu.PresentationContextRq;
import io.sagitta.core.net.pdu.RoleSelection;
import io.sagitta.core.net.pdu.UserInformation;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the A-ASSOCIATE-RQ a {@link DicomClient} sends: AE titles, presentation contexts (odd ids in order) and
 * SCP/SCU role selections.
 */
public final class AssociationRequest {

    private final String calledAeTitle;
    private final String callingAeTitle;
    private final List<PresentationContextRq> contexts = new ArrayList<>();
    private final List<RoleSelection> roles = new ArrayList<>();
    private long maxPduLength = 64 * 1024;

    private AssociationRequest(String calledAeTitle, String callingAeTitle) {
        this.calledAeTitle = calledAeTitle;
        this.callingAeTitle = callingAeTitle;
    }

    public static AssociationRequest create(String calledAeTitle, String callingAeTitle) {
        return new AssociationRequest(calledAeTitle, callingAeTitle);
    }

    /** Proposes an abstract syntax with transfer syntaxes in our order of preference. */
    public AssociationRequest propose(String abstractSyntax, String... transferSyntaxes) {
        int id = 1 + 2 * contexts.size();
        if (id > 255) {
            throw new IllegalStateException("at most 128 presentation contexts");
        }
        contexts.add(new PresentationContextRq(id, abstractSyntax, List.of(transferSyntaxes)));
        return this;
    }

    /**
     * Asks for the SCP role (and not the SCU role) for a SOP class, as a C-GET requestor does for the storage SOP
     * classes it wants to receive (PS3.7 D.3.3.4); the contexts of that class must still be proposed.
     */
    public AssociationRequest scpRole(String sopClassUid) {
        roles.removeIf(r -> r.sopClassUid().equals(sopClassUid));
        roles.add(new RoleSelection(sopClassUid, false, true));
        return this;
    }

    /** Verification with implicit VR little endian. */
    public AssociationRequest verification() {
        return propose(UID.Verification, TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN.uid());
    }

    /** The maximum P-DATA-TF length we receive (advertised and enforced). Default 64 KiB. */
    public AssociationRequest maxPduLength(long bytes) {
        this.maxPduLength = bytes;
        return this;
    }

    public AAssociateRq toPdu() {
        return AAssociateRq.of(calledAeTitle, callingAeTitle, contexts,
            UserInformation.of(maxPduLength, Part10Writer.IMPLEMENTATION_CLASS_UID, Part10Writer.IMPLEMENTATION_VERSION_NAME)
                .withRoleSelections(roles));
    }
}
