package io.sagitta.bench.load;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Once a second, one line on stderr (rewritten in place) with what is running: operations done,
 * errors, rate and p95 so far. Only when asked or when the tool runs on a terminal, so that logs
 * and pipes stay clean.
 */
final class ProgressLine implements AutoCloseable {

    private final ScheduledExecutorService timer;
    private final PrintStream err;
    private boolean printed;

    private ProgressLine(LoadSession session, PrintStream err) {
        this.err = err;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "load-progress");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(() -> print(session), 1, 1, TimeUnit.SECONDS);
    }

    /** Null when not wanted: {@code wanted} true/false forces it, null means "when on a terminal". */
    static ProgressLine startIf(Boolean wanted, LoadSession session, PrintStream err) {
        boolean on = wanted != null ? wanted : System.console() != null;
        return on ? new ProgressLine(session, err) : null;
    }

    private void print(LoadSession session) {
        StringBuilder line = new StringBuilder();
        for (OperationStats s : session.running()) {
            line.append(String.format(Locale.ROOT, "%s %,d ok %d err %.1f %s p95 %s ms %.0fs  ", s.name(),
                s.succeeded(), s.errorCount(), s.countsStudies() ? s.instancesPerSecond() : s.operationsPerSecond(),
                s.countsStudies() ? "inst/s" : "ops/s", ConsoleReport.ms(s.latencies().percentileNanos(95)),
                s.elapsedSeconds()));
        }
        if (line.length() > 0) {
            err.print("\r" + line + "\u001b[K");
            err.flush();
            printed = true;
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (printed) {
            err.println();
        }
    }
}
