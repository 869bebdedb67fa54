package io.sagitta.bench.load;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

/** The report as a plain-text table, then the errors by kind with their first message, then the verdict. */
final class ConsoleReport {

    private static final String ROW = "%-18s %9s %7s %9s %9s %8s %9s %9s %9s %9s %12s%n";

    private ConsoleReport() {
    }

    static void print(LoadReport r, PrintStream out) {
        out.printf(Locale.ROOT, "target %s, %s%n", r.target(), r.config());
        out.printf(Locale.ROOT, ROW, "operation", "ok", "errors", "ops/s", "inst/s", "MB/s", "p50 ms", "p95 ms",
            "p99 ms", "max ms", "studies/day");
        for (OperationStats s : r.operations()) {
            LatencyRecorder l = s.latencies();
            Double perDay = r.studiesPerDay(s);
            out.printf(Locale.ROOT, ROW, s.name(), s.succeeded(), s.errorCount(), f1(s.operationsPerSecond()),
                s.countsStudies() ? f1(s.instancesPerSecond()) : "-", f1(s.megabytesPerSecond()),
                ms(l.percentileNanos(50)), ms(l.percentileNanos(95)), ms(l.percentileNanos(99)), ms(l.maxNanos()),
                perDay == null ? "-" : String.format(Locale.ROOT, "%,.0f", perDay));
        }
        for (OperationStats s : r.operations()) {
            Double perDay = r.studiesPerDay(s);
            if (perDay != null && Warmup.measured(s)) {
                out.printf(Locale.ROOT, "%s: %,.0f studies/day of %d instances, %.1fx the %,d/day floor%n", s.name(),
                    perDay, r.instancesPerStudy(), perDay / LoadReport.FLOOR_STUDIES_PER_DAY,
                    LoadReport.FLOOR_STUDIES_PER_DAY);
            }
        }
        if (r.errors() > 0) {
            out.printf(Locale.ROOT, "ERRORS: %d failed operations (not counted in throughput or latency)%n", r.errors());
            for (OperationStats s : r.operations()) {
                for (Map.Entry<String, Long> e : s.errors().entrySet()) {
                    out.printf(Locale.ROOT, "  %s %s x%d, first: %s%n", s.name(), e.getKey(), e.getValue(),
                        s.firstMessage(e.getKey()));
                }
            }
        }
        if (r.aborted() != null) {
            out.println("ABORTED: " + r.aborted());
        }
        out.println(r.passed() ? "PASS" : "FAIL: " + r.errors() + " errors (--max-errors " + r.maxErrors() + ")");
    }

    static String f1(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.2f", nanos / 1e6);
    }
}
