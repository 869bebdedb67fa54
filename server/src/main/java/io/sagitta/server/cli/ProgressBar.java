package io.sagitta.server.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A one-line progress display on stderr, redrawn in place with a carriage return five times a
 * second by its own daemon thread (never an event loop). With an unknown total it shows the count
 * and rate only. {@link #disabled()} draws nothing, for pipes and logs.
 */
final class ProgressBar implements AutoCloseable {

    private static final int WIDTH = 30;

    private final PrintStream err;
    private final String unit;
    private final LongSupplier done;
    private final LongSupplier bytes;
    private final Supplier<String> detail;
    private final long startNanos = System.nanoTime();
    private volatile long total = -1;
    private final ScheduledExecutorService ticker;

    private ProgressBar(PrintStream err, String unit, LongSupplier done, LongSupplier bytes, Supplier<String> detail) {
        this.err = err;
        this.unit = unit;
        this.done = done;
        this.bytes = bytes;
        this.detail = detail;
        if (err == null) {
            ticker = null;
            return;
        }
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sagitta-progress");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleAtFixedRate(this::draw, 200, 200, TimeUnit.MILLISECONDS);
    }

    /** A bar on {@code err} counting {@code done} of {@link #total(long)} (unknown until set). */
    static ProgressBar on(PrintStream err, String unit, LongSupplier done, LongSupplier bytes, Supplier<String> detail) {
        return new ProgressBar(err, unit, done, bytes, detail);
    }

    static ProgressBar disabled() {
        return new ProgressBar(null, "", () -> 0, () -> 0, () -> "");
    }

    /** Whether to draw: asked for, or stderr is a terminal (Java 17: a console exists only on a TTY). */
    static boolean wanted(Boolean flag) {
        return flag != null ? flag : System.console() != null;
    }

    void total(long total) {
        this.total = total;
    }

    private void draw() {
        err.print("\r" + render() + "\u001b[K");
        err.flush();
    }

    String render() {
        long n = done.getAsLong();
        double seconds = Math.max(1e-3, (System.nanoTime() - startNanos) / 1e9);
        String rate = String.format(Locale.ROOT, "%.1f MB/s", bytes.getAsLong() / 1e6 / seconds);
        String extra = detail.get();
        long t = total;
        if (t <= 0) {
            return n + " " + unit + ", " + rate + (extra.isEmpty() ? "" : ", " + extra);
        }
        int filled = (int) Math.min(WIDTH, n * WIDTH / t);
        return "[" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] " + n + "/" + t + " " + unit + ", " + rate
            + (extra.isEmpty() ? "" : ", " + extra);
    }

    /** Stops redrawing and leaves the last state on its own line. */
    @Override
    public void close() {
        if (ticker == null) {
            return;
        }
        ticker.shutdownNow();
        try {
            ticker.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        draw();
        err.println();
        err.flush();
    }
}
