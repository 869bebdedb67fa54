package io.sagitta.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CompareReportTest {

    @Test
    void ratiosAreBOverAAndMissingWhereASideHasNoSuccess() {
        OperationStats fastA = stats("store", 100, 2_000_000, 0);
        OperationStats fastB = stats("store", 100, 1_000_000, 0);
        OperationStats queryA = stats("qido-name", 10, 1_000_000, 0);
        OperationStats queryB = stats("qido-name", 0, 0, 10);
        LoadReport a = report(fastA, queryA);
        LoadReport b = report(fastB, queryB);

        Map<String, List<Double>> ratios = CompareReport.ratios(a, b);
        // Same wall time on both sides is not guaranteed, so compare with the stats' own rates.
        assertEquals(fastB.operationsPerSecond() / fastA.operationsPerSecond(), ratios.get("store").get(0), 1e-9);
        assertEquals(0.5, ratios.get("store").get(3), 0.02, "p50 B/A");
        assertTrue(ratios.get("qido-name").stream().allMatch(v -> v == null));
        assertNull(CompareReport.json(a, b).getJsonObject("ratios").getJsonObject("qido-name").getDouble("p99 B/A"));
        assertEquals(false, CompareReport.json(a, b).getBoolean("passed"));
    }

    @Test
    void seedingAndWarmupAreNotCompared() {
        LoadReport a = report(stats("seed-store", 5, 1_000_000, 0), stats("warmup-frames", 5, 1_000_000, 0),
            stats("frames", 5, 2_000_000, 0));
        LoadReport b = report(stats("seed-store", 5, 1_000_000, 0), stats("warmup-frames", 5, 1_000_000, 0),
            stats("frames", 5, 1_000_000, 0));
        assertEquals(List.of("frames"), List.copyOf(CompareReport.ratios(a, b).keySet()));
        assertEquals(List.of("frames"), a.measured().stream().map(OperationStats::name).toList());
        // Warm-up errors still fail the run.
        assertEquals(false, report(stats("warmup-frames", 0, 0, 1), stats("frames", 5, 1_000_000, 0)).passed());
    }

    private static OperationStats stats(String name, int ok, long latencyNanos, int errors) {
        OperationStats s = new OperationStats(name, name.equals("store"));
        long t = System.nanoTime();
        s.start(t);
        for (int i = 0; i < ok; i++) {
            s.record(Outcome.success(1, 1000), t, t + latencyNanos);
        }
        for (int i = 0; i < errors; i++) {
            s.record(Outcome.error("http-500", "boom"), t, t + latencyNanos);
        }
        s.stop(t + 1_000_000_000L);
        return s;
    }

    private static LoadReport report(OperationStats... ops) {
        return new LoadReport("t", Map.of("workload", "store"), "2.25.1", Instant.now(), List.of(ops), 10, 0, null);
    }
}
