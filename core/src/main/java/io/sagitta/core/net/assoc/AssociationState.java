package io.sagitta.core.net.assoc;

import static io.sagitta.core.net.assoc.AssociationAction.*;

/**
 * The states of the upper layer state machine (PS3.8 table 9-4), and its state transition table
 * (PS3.8 table 9-10) as a pure function: {@link #on}.
 *
 * <p>Every event not allowed in a state is unexpected. PS3.8 gives an action for every PDU arriving in
 * every state that has a connection (mostly AA-8: abort with "unexpected PDU"); the cells it leaves blank
 * (a local primitive in the wrong state, a PDU with no connection) are answered with the nearest abort and
 * flagged {@link Transition#unexpected()}: AA-8 in Sta2, Sta3 and Sta5 to Sta12, AA-6 (ignore) in Sta13
 * where the association is already gone, AA-2 (close) in Sta1 and Sta4 where there is no association to
 * abort. A blank cell is a bug in the caller, never in the peer.
 */
public enum AssociationState {
    STA1("Idle"),
    STA2("Transport connection open (awaiting A-ASSOCIATE-RQ PDU)"),
    STA3("Awaiting local A-ASSOCIATE response primitive (from local user)"),
    STA4("Awaiting transport connection opening to complete (from local transport service)"),
    STA5("Awaiting A-ASSOCIATE-AC or A-ASSOCIATE-RJ PDU"),
    STA6("Association established and ready for data transfer"),
    STA7("Awaiting A-RELEASE-RP PDU"),
    STA8("Awaiting local A-RELEASE response primitive (from local user)"),
    STA9("Release collision requestor side; awaiting A-RELEASE response (from local user)"),
    STA10("Release collision acceptor side; awaiting A-RELEASE-RP PDU"),
    STA11("Release collision requestor side; awaiting A-RELEASE-RP PDU"),
    STA12("Release collision acceptor side; awaiting A-RELEASE response primitive (from local user)"),
    STA13("Awaiting Transport Connection Close Indication (Association no longer exists)");

    private final String description;

    AssociationState(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    /** True in Sta6, the only state in which DIMSE messages may flow both ways. */
    public boolean isEstablished() {
        return this == STA6;
    }

    /**
     * The transition for an event, assuming the service-provider finds an A-ASSOCIATE-RQ acceptable (AE-6).
     *
     * @param requestor whether this side requested the association (decides AR-8's release collision state)
     */
    public Transition on(AssociationEvent event, boolean requestor) {
        return on(event, requestor, true);
    }

    /**
     * The transition for an event (PS3.8 table 9-10).
     *
     * @param requestor whether this side requested the association (AR-8: Sta9 if so, Sta10 if not)
     * @param rqAcceptable for Evt6 in Sta2 (AE-6): whether the service-provider accepts the A-ASSOCIATE-RQ
     *     (Sta3) or answers it with an A-ASSOCIATE-RJ itself (Sta13)
     */
    public Transition on(AssociationEvent event, boolean requestor, boolean rqAcceptable) {
        switch (event) {
            case EVT1:
                return this == STA1 ? Transition.of(AE_1, STA4) : unexpected();
            case EVT2:
                return this == STA4 ? Transition.of(AE_2, STA5) : unexpected();
            case EVT3:
                return this == STA5 ? Transition.of(AE_3, STA6) : receivedOutOfPlace();
            case EVT4:
                return this == STA5 ? Transition.of(AE_4, STA1) : receivedOutOfPlace();
            case EVT5:
                return this == STA1 ? Transition.of(AE_5, STA2) : unexpected();
            case EVT6:
                if (this == STA2) {
                    return Transition.of(AE_6, rqAcceptable ? STA3 : STA13);
                }
                return this == STA13 ? Transition.of(AA_7, STA13) : receivedOutOfPlace();
            case EVT7:
                return this == STA3 ? Transition.of(AE_7, STA6) : unexpected();
            case EVT8:
                return this == STA3 ? Transition.of(AE_8, STA13) : unexpected();
            case EVT9:
                return this == STA6 ? Transition.of(DT_1, STA6) : this == STA8 ? Transition.of(AR_7, STA8) : unexpected();
            case EVT10:
                return this == STA6 ? Transition.of(DT_2, STA6) : this == STA7 ? Transition.of(AR_6, STA7) : receivedOutOfPlace();
            case EVT11:
                return this == STA6 ? Transition.of(AR_1, STA7) : unexpected();
            case EVT12:
                if (this == STA6) {
                    return Transition.of(AR_2, STA8);
                }
                return this == STA7 ? Transition.of(AR_8, requestor ? STA9 : STA10) : receivedOutOfPlace();
            case EVT13:
                return switch (this) {
                    case STA7, STA11 -> Transition.of(AR_3, STA1);
                    case STA10 -> Transition.of(AR_10, STA12);
                    default -> receivedOutOfPlace();
                };
            case EVT14:
                return switch (this) {
                    case STA8, STA12 -> Transition.of(AR_4, STA13);
                    case STA9 -> Transition.of(AR_9, STA11);
                    default -> unexpected();
                };
            case EVT15:
                return switch (this) {
                    case STA4 -> Transition.of(AA_2, STA1);
                    case STA3, STA5, STA6, STA7, STA8, STA9, STA10, STA11, STA12 -> Transition.of(AA_1, STA13);
                    default -> unexpected();
                };
            case EVT16:
                return switch (this) {
                    case STA2, STA13 -> Transition.of(AA_2, STA1);
                    case STA1, STA4 -> unexpected();
                    default -> Transition.of(AA_3, STA1);
                };
            case EVT17:
                return switch (this) {
                    case STA1 -> unexpected();
                    case STA2 -> Transition.of(AA_5, STA1);
                    case STA13 -> Transition.of(AR_5, STA1);
                    default -> Transition.of(AA_4, STA1);
                };
            case EVT18:
                return this == STA2 || this == STA13 ? Transition.of(AA_2, STA1) : unexpected();
            case EVT19:
                return this == STA13 ? Transition.of(AA_7, STA13) : receivedOutOfPlace();
            default:
                throw new IllegalArgumentException("unknown event " + event);
        }
    }

    /**
     * A PDU in a state that does not expect it: AA-1 while awaiting the A-ASSOCIATE-RQ (Sta2), AA-6
     * (ignore) once the association is gone (Sta13), AA-8 wherever an association is being set up or
     * exists; no connection (Sta1, Sta4) means no PDU can arrive: a blank cell.
     */
    private Transition receivedOutOfPlace() {
        return switch (this) {
            case STA1, STA4 -> unexpected();
            case STA2 -> Transition.of(AA_1, STA13);
            case STA13 -> Transition.of(AA_6, STA13);
            default -> Transition.of(AA_8, STA13);
        };
    }

    /** A blank cell of table 9-10 (see the class comment). */
    private Transition unexpected() {
        return switch (this) {
            case STA1 -> new Transition(AA_2, STA1, true);
            case STA4 -> new Transition(AA_2, STA1, true);
            case STA13 -> new Transition(AA_6, STA13, true);
            default -> new Transition(AA_8, STA13, true);
        };
    }

    @Override
    public String toString() {
        return "Sta" + (ordinal() + 1);
    }
}
