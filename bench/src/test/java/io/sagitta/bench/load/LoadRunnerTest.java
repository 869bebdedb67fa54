package io.sagitta.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LoadRunnerTest {

    @Test
    void runsExactlyTheCountOverTheLanesAndSeparatesFailures() throws Exception {
        OperationStats stats = new OperationStats("op", true);
        Set<Long> sequences = ConcurrentHashMap.newKeySet();
        Set<Integer> lanes = ConcurrentHashMap.newKeySet();
        try (LoadRunner runner = new LoadRunner()) {
            runner.run(3, LoadRunner.Limit.count(100_000), (lane, seq) -> {
                sequences.add(seq);
                lanes.add(lane);
                if (seq % 10 == 0) {
                    throw new IllegalStateException("no " + seq);
                }
                // Completes before it returns, as a failing driver may: the stack must stay flat.
                return CompletableFuture.completedFuture(seq % 10 == 1 ? Outcome.error("x", "seq " + seq)
                    : Outcome.success(2, 10));
            }, stats).get(60, TimeUnit.SECONDS);
        }
        assertEquals(100_000, sequences.size());
        assertEquals(Set.of(0, 1, 2), lanes);
        assertEquals(80_000, stats.succeeded());
        assertEquals(160_000, stats.instances());
        assertEquals(800_000, stats.bytes());
        assertEquals(10_000, stats.errors().get("x"));
        assertEquals(10_000, stats.errors().get("client-IllegalStateException"));
        assertEquals("no 0", stats.firstMessage("client-IllegalStateException"));
    }

    @Test
    void aRateNeverStartsMoreThanItAllows() throws Exception {
        OperationStats stats = new OperationStats("op", false);
        AtomicInteger started = new AtomicInteger();
        try (LoadRunner runner = new LoadRunner()) {
            runner.run(4, LoadRunner.Limit.duration(1_000_000_000L).withRate(10), (lane, seq) -> {
                started.incrementAndGet();
                return CompletableFuture.supplyAsync(() -> Outcome.success(1, 1));
            }, stats).get(60, TimeUnit.SECONDS);
        }
        // Operation k may start at k / rate: within 1 s, k = 0..9 at most.
        assertTrue(started.get() >= 1 && started.get() <= 10, started.get() + " started");
        assertEquals(started.get(), stats.succeeded());
    }

    @Test
    void aFailedFutureIsAnErrorNamedAfterItsCause() throws Exception {
        OperationStats stats = new OperationStats("op", false);
        try (LoadRunner runner = new LoadRunner()) {
            runner.run(1, LoadRunner.Limit.count(2), (lane, seq) -> CompletableFuture.failedFuture(
                new java.io.IOException("reset")), stats).get(60, TimeUnit.SECONDS);
        }
        assertEquals(0, stats.succeeded());
        assertEquals(2, stats.errors().get("exception-IOException"));
    }
}
