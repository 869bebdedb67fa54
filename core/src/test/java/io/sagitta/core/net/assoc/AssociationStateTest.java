package io.sagitta.core.net.assoc;

import static io.sagitta.core.net.assoc.AssociationEvent.*;
import static io.sagitta.core.net.assoc.AssociationState.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sagitta.core.net.pdu.AAbort;
import io.sagitta.core.net.pdu.AReleaseRq;
import io.sagitta.core.net.pdu.InvalidPdu;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** PS3.8 table 9-10, cell by cell. */
class AssociationStateTest {

    /** Rows Evt1..Evt19, columns Sta1..Sta13, as printed in PS3.8; "-" is a blank cell. */
    private static final String[] TABLE = {
        /* Evt1  */ "AE-1  -     -     -     -     -     -     -     -     -     -     -     -",
        /* Evt2  */ "-     -     -     AE-2  -     -     -     -     -     -     -     -     -",
        /* Evt3  */ "-     AA-1  AA-8  -     AE-3  AA-8  AA-8  AA-8  AA-8  AA-8  AA-8  AA-8  AA-6",
        /* Evt4  */ "-     AA-1  AA-8  -     AE-4  AA-8  AA-8  AA-8  AA-8  AA-8  AA-8  AA-8  AA-6",
        /* Evt5  */ "AE-5  -     -     -     -     -     -     -     -     -     -     -     -",
        /* Evt6  */ "-     AE-6  AA-8  -     AA-8  AA-8  AA-8  AA-8  AA-8  AA-8  AA-8  AA-8  AA-7",
        /* Evt7  */ "-     -     AE-7  -     -     -     -     -     -     -     -     -     -",
        /* Evt8  */ "-     -     AE-8  -     -     -     -     -     -     -     -     -     -",
        /* Evt9  */ "-     -     -     -     -     DT-1  -     AR-7  -     -     -     -     -",
        /* Evt10 */ "-     AA-1  AA-8  -     AA-8  DT-2  AR-6  AA-8  AA-8  AA-8  AA-8  AA-8  AA-6",
        /* Evt11 */ "-     -     -     -     -     AR-1  -     -     -     -     -     -     -",
        /* Evt12 */ "-     AA-1  AA-8  -     AA-8  AR-2  AR-8  AA-8  AA-8  AA-8  AA-8  AA-8  AA-6",
        /* Evt13 */ "-     AA-1  AA-8  -     AA-8  AA-8  AR-3  AA-8  AA-8  AR-10 AR-3  AA-8  AA-6",
        /* Evt14 */ "-     -     -     -     -     -     -     AR-4  AR-9  -     -     AR-4  -",
        /* Evt15 */ "-     -     AA-1  AA-2  AA-1  AA-1  AA-1  AA-1  AA-1  AA-1  AA-1  AA-1  -",
        /* Evt16 */ "-     AA-2  AA-3  -     AA-3  AA-3  AA-3  AA-3  AA-3  AA-3  AA-3  AA-3  AA-2",
        /* Evt17 */ "-     AA-5  AA-4  AA-4  AA-4  AA-4  AA-4  AA-4  AA-4  AA-4  AA-4  AA-4  AR-5",
        /* Evt18 */ "-     AA-2  -     -     -     -     -     -     -     -     -     -     AA-2",
        /* Evt19 */ "-     AA-1  AA-8  -     AA-8  AA-8  AA-8  AA-8  AA-8  AA-8  AA-8  AA-8  AA-7",
    };

    /** Next state of each action (PS3.8 tables 9-6 to 9-9); AE-6 and AR-8 are checked separately. */
    private static final Map<String, AssociationState> NEXT = Map.ofEntries(
        Map.entry("AE-1", STA4), Map.entry("AE-2", STA5), Map.entry("AE-3", STA6), Map.entry("AE-4", STA1),
        Map.entry("AE-5", STA2), Map.entry("AE-6", STA3), Map.entry("AE-7", STA6), Map.entry("AE-8", STA13),
        Map.entry("DT-1", STA6), Map.entry("DT-2", STA6),
        Map.entry("AR-1", STA7), Map.entry("AR-2", STA8), Map.entry("AR-3", STA1), Map.entry("AR-4", STA13),
        Map.entry("AR-5", STA1), Map.entry("AR-6", STA7), Map.entry("AR-7", STA8), Map.entry("AR-8", STA9),
        Map.entry("AR-9", STA11), Map.entry("AR-10", STA12),
        Map.entry("AA-1", STA13), Map.entry("AA-2", STA1), Map.entry("AA-3", STA1), Map.entry("AA-4", STA1),
        Map.entry("AA-5", STA1), Map.entry("AA-6", STA13), Map.entry("AA-7", STA13), Map.entry("AA-8", STA13));

    @Test
    void everyCellOfTheTable() {
        assertEquals(19, AssociationEvent.values().length);
        assertEquals(13, AssociationState.values().length);
        int checked = 0;
        for (AssociationEvent event : AssociationEvent.values()) {
            String[] cells = TABLE[event.ordinal()].trim().split("\\s+");
            assertEquals(13, cells.length, event.toString());
            for (AssociationState state : AssociationState.values()) {
                String cell = cells[state.ordinal()];
                Transition t = state.on(event, true);
                String where = state + " + " + event;
                if (cell.equals("-")) {
                    assertTrue(t.unexpected(), where + " is a blank cell");
                    Transition blank = switch (state) {
                        case STA1, STA4 -> new Transition(AssociationAction.AA_2, STA1, true);
                        case STA13 -> new Transition(AssociationAction.AA_6, STA13, true);
                        default -> new Transition(AssociationAction.AA_8, STA13, true);
                    };
                    assertEquals(blank, t, where);
                } else {
                    assertFalse(t.unexpected(), where);
                    assertEquals(cell, t.action().toString(), where);
                    assertEquals(NEXT.get(cell), t.next(), where + " next state");
                }
                checked++;
            }
        }
        assertEquals(19 * 13, checked);
    }

    @Test
    void conditionalNextStates() {
        assertEquals(STA13, STA2.on(EVT6, false, false).next(), "AE-6: provider rejects the request itself");
        assertEquals(STA3, STA2.on(EVT6, false, true).next());
        assertEquals(STA9, STA7.on(EVT12, true).next(), "AR-8 on the requestor side");
        assertEquals(STA10, STA7.on(EVT12, false).next(), "AR-8 on the acceptor side");
    }

    @Test
    void releaseCollisionRequestorSide() {
        AssociationState s = STA6;
        s = step(s, EVT11, true, "AR-1", STA7);   // we send A-RELEASE-RQ
        s = step(s, EVT12, true, "AR-8", STA9);   // and receive one: collision
        s = step(s, EVT14, true, "AR-9", STA11);  // requestor answers first: A-RELEASE-RP
        step(s, EVT13, true, "AR-3", STA1);       // the peer's A-RELEASE-RP: done, close
    }

    @Test
    void releaseCollisionAcceptorSide() {
        AssociationState s = STA6;
        s = step(s, EVT11, false, "AR-1", STA7);
        s = step(s, EVT12, false, "AR-8", STA10);
        s = step(s, EVT13, false, "AR-10", STA12); // the requestor's A-RELEASE-RP arrives
        s = step(s, EVT14, false, "AR-4", STA13);  // then we answer, and wait for the close
        step(s, EVT17, false, "AR-5", STA1);
    }

    @Test
    void acceptorLifecycle() {
        AssociationState s = STA1;
        s = step(s, EVT5, false, "AE-5", STA2);
        s = step(s, EVT6, false, "AE-6", STA3);
        s = step(s, EVT7, false, "AE-7", STA6);
        s = step(s, EVT10, false, "DT-2", STA6);
        s = step(s, EVT9, false, "DT-1", STA6);
        s = step(s, EVT12, false, "AR-2", STA8);
        s = step(s, EVT9, false, "AR-7", STA8);
        s = step(s, EVT14, false, "AR-4", STA13);
        s = step(s, EVT10, false, "AA-6", STA13);  // garbage after release is ignored
        step(s, EVT18, false, "AA-2", STA1);       // ARTIM expires: close
    }

    @Test
    void pDataBeforeAssociationAborts() {
        assertEquals("AA-1", STA2.on(EVT10, false).action().toString());
        assertEquals(AAbort.UNEXPECTED_PDU, AssociationAction.abortReason(EVT10, null));
        InvalidPdu invalid = new InvalidPdu(AAbort.UNRECOGNIZED_PDU, "type 09H");
        assertEquals(EVT19, AssociationEvent.received(invalid));
        assertEquals(EVT12, AssociationEvent.received(AReleaseRq.INSTANCE));
        assertEquals(AAbort.UNRECOGNIZED_PDU, AssociationAction.abortReason(EVT19, invalid));
        assertEquals(AAbort.REASON_NOT_SPECIFIED, AssociationAction.abortReason(EVT15, null));
    }

    private static AssociationState step(AssociationState from, AssociationEvent event, boolean requestor,
                                         String action, AssociationState to) {
        Transition t = from.on(event, requestor);
        assertEquals(action, t.action().toString(), from + " + " + event);
        assertEquals(to, t.next(), from + " + " + event);
        return t.next();
    }
}
