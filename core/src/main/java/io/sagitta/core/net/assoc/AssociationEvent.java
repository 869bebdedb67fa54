package io.sagitta.core.net.assoc;

import io.sagitta.core.net.pdu.AAbort;
import io.sagitta.core.net.pdu.AAssociateAc;
import io.sagitta.core.net.pdu.AAssociateRj;
import io.sagitta.core.net.pdu.AAssociateRq;
import io.sagitta.core.net.pdu.AReleaseRp;
import io.sagitta.core.net.pdu.AReleaseRq;
import io.sagitta.core.net.pdu.InvalidPdu;
import io.sagitta.core.net.pdu.PDataTf;
import io.sagitta.core.net.pdu.Pdu;

/** The events of the upper layer state machine (PS3.8 table 9-9). */
public enum AssociationEvent {
    EVT1("A-ASSOCIATE request (local user)"),
    EVT2("Transport connect confirmation (local transport service)"),
    EVT3("A-ASSOCIATE-AC PDU received"),
    EVT4("A-ASSOCIATE-RJ PDU received"),
    EVT5("Transport connection indication (local transport service)"),
    EVT6("A-ASSOCIATE-RQ PDU received"),
    EVT7("A-ASSOCIATE response primitive (accept)"),
    EVT8("A-ASSOCIATE response primitive (reject)"),
    EVT9("P-DATA request primitive"),
    EVT10("P-DATA-TF PDU received"),
    EVT11("A-RELEASE request primitive"),
    EVT12("A-RELEASE-RQ PDU received"),
    EVT13("A-RELEASE-RP PDU received"),
    EVT14("A-RELEASE response primitive"),
    EVT15("A-ABORT request primitive"),
    EVT16("A-ABORT PDU received"),
    EVT17("Transport connection closed indication (local transport service)"),
    EVT18("ARTIM timer expired"),
    EVT19("Unrecognized or invalid PDU received");

    private final String description;

    AssociationEvent(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    /** True for the events that are a PDU arriving from the peer. */
    public boolean isPduReceived() {
        return switch (this) {
            case EVT3, EVT4, EVT6, EVT10, EVT12, EVT13, EVT16, EVT19 -> true;
            default -> false;
        };
    }

    /** The event a decoded PDU (or an {@link InvalidPdu}) is. */
    public static AssociationEvent received(Pdu pdu) {
        if (pdu instanceof AAssociateAc) {
            return EVT3;
        } else if (pdu instanceof AAssociateRj) {
            return EVT4;
        } else if (pdu instanceof AAssociateRq) {
            return EVT6;
        } else if (pdu instanceof PDataTf) {
            return EVT10;
        } else if (pdu instanceof AReleaseRq) {
            return EVT12;
        } else if (pdu instanceof AReleaseRp) {
            return EVT13;
        } else if (pdu instanceof AAbort) {
            return EVT16;
        } else {
            return EVT19;
        }
    }

    @Override
    public String toString() {
        return "Evt" + (ordinal() + 1);
    }
}
