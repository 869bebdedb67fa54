package io.sagitta.core.net.assoc;

import io.sagitta.core.net.pdu.AAbort;
import io.sagitta.core.net.pdu.InvalidPdu;

/**
 * The actions of the upper layer state machine (PS3.8 tables 9-6 to 9-9), which the association
 * performs when {@link AssociationState#on} names them.
 */
public enum AssociationAction {
    AE_1("Issue TRANSPORT CONNECT request primitive to local transport service"),
    AE_2("Send A-ASSOCIATE-RQ PDU"),
    AE_3("Issue A-ASSOCIATE confirmation (accept) primitive"),
    AE_4("Issue A-ASSOCIATE confirmation (reject) primitive and close transport connection"),
    AE_5("Issue transport connection response primitive; start ARTIM timer"),
    AE_6("Stop ARTIM timer; if the A-ASSOCIATE-RQ is acceptable by the service-provider issue an A-ASSOCIATE "
        + "indication primitive (Sta3), otherwise send an A-ASSOCIATE-RJ PDU and start the ARTIM timer (Sta13)"),
    AE_7("Send A-ASSOCIATE-AC PDU"),
    AE_8("Send A-ASSOCIATE-RJ PDU and start ARTIM timer"),
    DT_1("Send P-DATA-TF PDU"),
    DT_2("Send P-DATA indication primitive"),
    AR_1("Send A-RELEASE-RQ PDU"),
    AR_2("Issue A-RELEASE indication primitive"),
    AR_3("Issue A-RELEASE confirmation primitive, and close transport connection"),
    AR_4("Issue A-RELEASE-RP PDU and start ARTIM timer"),
    AR_5("Stop ARTIM timer"),
    AR_6("Issue P-DATA indication"),
    AR_7("Issue P-DATA-TF PDU"),
    AR_8("Issue A-RELEASE indication (release collision): Sta9 if association-requestor, else Sta10"),
    AR_9("Send A-RELEASE-RP PDU"),
    AR_10("Issue A-RELEASE confirmation primitive"),
    AA_1("Send A-ABORT PDU (service-user source) and start (or restart if already started) ARTIM timer"),
    AA_2("Stop ARTIM timer if running; close transport connection"),
    AA_3("Issue A-ABORT (service-user initiated) or A-P-ABORT (service-provider initiated) indication and "
        + "close transport connection"),
    AA_4("Issue A-P-ABORT indication primitive"),
    AA_5("Stop ARTIM timer"),
    AA_6("Ignore PDU"),
    AA_7("Send A-ABORT PDU"),
    /**
     * Send A-ABORT PDU (service-provider source), issue an A-P-ABORT indication, and start ARTIM timer.
     * The reason sent is that of the {@link InvalidPdu} for Evt19, and unexpected-PDU (2) otherwise: see
     * {@link #abortReason}.
     */
    AA_8("Send A-ABORT PDU (service-provider source), issue an A-P-ABORT indication, and start ARTIM timer");

    private final String description;

    AssociationAction(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    /**
     * The A-ABORT reason to send for AA-7 and AA-8 (source service-provider): the decoder's reason for an
     * invalid PDU, unexpected-PDU for a valid PDU in the wrong state, not-specified for anything else.
     *
     * @param invalid the invalid PDU behind an Evt19, or null
     */
    public static int abortReason(AssociationEvent event, InvalidPdu invalid) {
        if (event == AssociationEvent.EVT19 && invalid != null) {
            return invalid.abortReason();
        }
        return event.isPduReceived() ? AAbort.UNEXPECTED_PDU : AAbort.REASON_NOT_SPECIFIED;
    }

    @Override
    public String toString() {
        return name().replace('_', '-');
    }
}
