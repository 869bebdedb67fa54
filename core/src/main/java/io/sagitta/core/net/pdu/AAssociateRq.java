package io.sagitta.core.net.pdu;

import java.util.List;

/**
 * A-ASSOCIATE-RQ (PS3.8 section 9.3.2). AE titles are kept without their space padding.
 *
 * @param protocolVersion bit field; bit 0 set means version 1, the only one defined
 */
public record AAssociateRq(int protocolVersion, String calledAeTitle, String callingAeTitle,
                           String applicationContextName, List<PresentationContextRq> presentationContexts,
                           UserInformation userInformation) implements Pdu {

    public static final int PROTOCOL_VERSION_1 = 0x0001;

    public AAssociateRq {
        if (protocolVersion < 0 || protocolVersion > 0xFFFF) {
            throw new IllegalArgumentException("protocol version must be 16 bits, not " + protocolVersion);
        }
        calledAeTitle = AeTitles.check(calledAeTitle, "called AE title");
        callingAeTitle = AeTitles.check(callingAeTitle, "calling AE title");
        if (applicationContextName == null || userInformation == null) {
            throw new IllegalArgumentException("application context and user information are required");
        }
        presentationContexts = List.copyOf(presentationContexts);
    }

    /** A version 1 request with the DICOM application context. */
    public static AAssociateRq of(String calledAeTitle, String callingAeTitle,
                                  List<PresentationContextRq> presentationContexts, UserInformation userInformation) {
        return new AAssociateRq(PROTOCOL_VERSION_1, calledAeTitle, callingAeTitle, AAssociateAc.DICOM_APPLICATION_CONTEXT,
            presentationContexts, userInformation);
    }

    @Override
    public int type() {
        return A_ASSOCIATE_RQ;
    }

    public PresentationContextRq presentationContext(int id) {
        for (PresentationContextRq pc : presentationContexts) {
            if (pc.id() == id) {
                return pc;
            }
        }
        return null;
    }
}
