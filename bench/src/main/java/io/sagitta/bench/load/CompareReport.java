package io.sagitta.bench.load;

import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * B relative to A for every operation both ran: throughput ratios (above 1: B is faster) and latency
 * ratios (below 1: B answers sooner).
 */
final class CompareReport {

    static final List<String> COLUMNS = List.of("ops/s B/A", "inst/s B/A", "MB/s B/A", "p50 B/A", "p95 B/A",
        "p99 B/A", "max B/A");

    private CompareReport() {
    }

    /** Per operation name, the ratios in {@link #COLUMNS} order (null where A's value is 0 or a side had no success). */
    static Map<String, List<Double>> ratios(LoadReport a, LoadReport b) {
        Map<String, List<Double>> out = new LinkedHashMap<>();
        for (OperationStats x : a.measured()) {
            OperationStats y = b.operation(x.name());
            if (y == null) {
                continue;
            }
            if (x.succeeded() == 0 || y.succeeded() == 0) {
                // Nothing to compare: a side whose every operation failed has no rate and no latency.
                out.put(x.name(), java.util.Collections.nCopies(COLUMNS.size(), null));
                continue;
            }
            LatencyRecorder lx = x.latencies();
            LatencyRecorder ly = y.latencies();
            out.put(x.name(), Arrays.asList(
                div(y.operationsPerSecond(), x.operationsPerSecond()),
                div(y.instancesPerSecond(), x.instancesPerSecond()),
                div(y.megabytesPerSecond(), x.megabytesPerSecond()),
                div(ly.percentileNanos(50), lx.percentileNanos(50)),
                div(ly.percentileNanos(95), lx.percentileNanos(95)),
                div(ly.percentileNanos(99), lx.percentileNanos(99)),
                div(ly.maxNanos(), lx.maxNanos())));
        }
        return out;
    }

    static void print(LoadReport a, LoadReport b, PrintStream out) {
        out.println("B / A (throughput above 1 and latency below 1: B is better)");
        out.printf(Locale.ROOT, "%-18s", "operation");
        COLUMNS.forEach(c -> out.printf(Locale.ROOT, " %11s", c));
        out.println();
        for (Map.Entry<String, List<Double>> row : ratios(a, b).entrySet()) {
            out.printf(Locale.ROOT, "%-18s", row.getKey());
            row.getValue().forEach(v -> out.printf(Locale.ROOT, " %11s", ratio(v)));
            out.println();
        }
    }

    static JsonObject json(LoadReport a, LoadReport b) {
        JsonObject ratios = new JsonObject();
        for (Map.Entry<String, List<Double>> row : ratios(a, b).entrySet()) {
            JsonObject r = new JsonObject();
            for (int i = 0; i < COLUMNS.size(); i++) {
                r.put(COLUMNS.get(i), row.getValue().get(i));
            }
            ratios.put(row.getKey(), r);
        }
        return new JsonObject().put("a", JsonReport.of(a)).put("b", JsonReport.of(b)).put("ratios", ratios)
            .put("passed", a.passed() && b.passed());
    }

    static String ratio(Double v) {
        return v == null ? "-" : String.format(Locale.ROOT, "%.2f", v);
    }

    private static Double div(double top, double bottom) {
        return bottom == 0 ? null : top / bottom;
    }
}
