package io.sagitta.storage.index.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class StudyQueueTest {

    // A store is named "<study>:<n>": its study is what comes before the colon.
    private static StudyQueue<String> queue(String... stores) {
        StudyQueue<String> q = new StudyQueue<>(s -> s.substring(0, s.indexOf(':')));
        for (String s : stores) {
            q.add(s);
        }
        return q;
    }

    @Test
    void aBatchTakesEveryStoreOfItsStudiesOldestFirst() {
        StudyQueue<String> q = queue("A:1", "A:2", "B:1", "A:3", "C:1");
        assertEquals(List.of("A:1", "A:2", "B:1", "A:3", "C:1"), q.take(64));
        assertFalse(q.hasTakeable());
        assertEquals(List.of(), q.take(64));
    }

    @Test
    void aStudyInACallIsNotTakenAgainUntilThatCallIsReleased() {
        StudyQueue<String> q = queue("A:1", "B:1");
        List<String> first = q.take(64);
        q.add("A:2");
        q.add("C:1");
        q.add("B:2");
        assertTrue(q.hasTakeable());
        assertEquals(List.of("C:1"), q.take(64), "A and B are in the first call; C is not");
        assertFalse(q.hasTakeable());
        assertEquals(List.of(), q.take(64));
        q.release(first);
        assertEquals(List.of("A:2", "B:2"), q.take(64), "kept back, in the order they came");
    }

    @Test
    void releasingOneCallLeavesTheStudiesOfAnotherInTheirCall() {
        StudyQueue<String> q = queue("A:1");
        List<String> first = q.take(64);
        List<String> second = q.take(64);
        assertEquals(List.of(), second);
        q.add("B:1");
        List<String> third = q.take(64);
        q.add("B:2");
        q.release(first);
        assertEquals(List.of(), q.take(64), "B is still in the third call");
        q.release(third);
        assertEquals(List.of("B:2"), q.take(64));
    }

    @Test
    void aBatchHoldsAtMostTheGivenNumberOfStores() {
        StudyQueue<String> q = queue("A:1", "A:2", "A:3", "B:1");
        assertEquals(List.of("A:1", "A:2"), q.take(2));
        assertTrue(q.hasTakeable(), "B is not in a call");
        assertEquals(List.of("B:1"), q.take(2), "A's third store waits for A's call");
    }
}
