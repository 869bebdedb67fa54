package io.sagitta.dicomweb.stow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import org.junit.jupiter.api.Test;

class FinishingPartsTest {

    @Test
    void roomOnlyBelowTheMaximum() {
        FinishingParts finishing = new FinishingParts(2);
        Promise<Void> a = Promise.promise();
        Promise<Void> b = Promise.promise();
        finishing.add("1.1", a.future());
        assertTrue(finishing.room().succeeded());
        finishing.add("1.2", b.future());
        assertTrue(finishing.contains("1.1") && finishing.contains("1.2"));
        Future<Void> room = finishing.room();
        assertFalse(room.isComplete());
        assertThrows(IllegalStateException.class, finishing::drained); // one wait at a time
        b.complete();
        assertTrue(room.succeeded());
        assertFalse(finishing.contains("1.2"));
        assertEquals(1, finishing.running());
    }

    @Test
    void drainedWhenAllAreDone() {
        FinishingParts finishing = new FinishingParts(4);
        assertTrue(finishing.drained().succeeded());
        Promise<Void> a = Promise.promise();
        Promise<Void> b = Promise.promise();
        finishing.add("1.1", a.future());
        finishing.add("1.2", b.future());
        Future<Void> drained = finishing.drained();
        a.complete();
        assertFalse(drained.isComplete());
        b.complete();
        assertTrue(drained.succeeded());
        assertEquals(0, finishing.running());
        assertThrows(IllegalArgumentException.class, () -> new FinishingParts(0));
    }
}
