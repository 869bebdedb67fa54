package io.sagitta.core.net.pdu;

import java.util.List;

/**
 * A-ASSOCIATE-AC (PS3.8 section 9.3.3). The AE title fields echo the request; PS3.8 says the
 * requestor shall not test them.
 */
public record AAssociateAc(int protocolVersion, String calledAeTitle, String callingAeTitle,
                           String applicationContextName, List<PresentationContextAc> presentationContexts,
                           UserInformation userInformation) implements Pdu {

    /** The only application context name defined (PS3.7 Annex A.2.1). */
    public static final String DICOM_APPLICATION_CONTEXT = "1.2.840.10008.3.1.1.1";

    public AAssociateAc {
        if (protocolVersion < 0 || protocolVersion > 0xFFFF) {
            throw new IllegalArgumentException("protocol version must be 16 bits, not " + protocolVersion);
        }
        // Echoed from the request and not tested by the requestor (PS3.8 9.3.3): taken as they come.
        calledAeTitle = AeTitles.lenient(calledAeTitle, "called AE title");
        callingAeTitle = AeTitles.lenient(callingAeTitle, "calling AE title");
        if (applicationContextName == null || userInformation == null) {
            throw new IllegalArgumentException("application context and user information are required");
        }
        presentationContexts = List.copyOf(presentationContexts);
    }

    @Override
    public int type() {
        return A_ASSOCIATE_AC;
    }

    public PresentationContextAc presentationContext(int id) {
        for (PresentationContextAc pc : presentationContexts) {
            if (pc.id() == id) {
                return pc;
            }
        }
        return null;
    }
}
