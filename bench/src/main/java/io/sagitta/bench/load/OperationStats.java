package io.sagitta.bench.load;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * What one kind of operation did during a run: successes with their latencies, instances and bytes,
 * and errors by kind (with the first message of each). Failed operations add nothing to latencies,
 * instances or bytes. Thread-safe.
 */
public final class OperationStats {

    /** Seconds the per-second timeline covers; later completions land in the last slot. */
    static final int TIMELINE_SECONDS = 3600;

    private final String name;
    private final boolean countsStudies;
    private final LatencyRecorder latencies = new LatencyRecorder();
    private final LongAdder instances = new LongAdder();
    private final LongAdder bytes = new LongAdder();
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    private final Map<String, String> firstMessages = new ConcurrentHashMap<>();
    private final AtomicLongArray instancesPerSecond = new AtomicLongArray(TIMELINE_SECONDS);
    private volatile long startNanos;
    private volatile long endNanos;

    /** @param countsStudies whether its instances come in whole studies, so that a studies-per-day capacity means something */
    public OperationStats(String name, boolean countsStudies) {
        this.name = name;
        this.countsStudies = countsStudies;
    }

    public boolean countsStudies() {
        return countsStudies;
    }

    public String name() {
        return name;
    }

    /** Marks the start of the measured interval (the timeline counts from here). */
    public void start(long nanos) {
        startNanos = nanos;
    }

    public void stop(long nanos) {
        endNanos = nanos;
    }

    public void record(Outcome outcome, long startedNanos, long endedNanos) {
        if (outcome.ok()) {
            latencies.record(endedNanos - startedNanos);
            instances.add(outcome.instances());
            bytes.add(outcome.bytes());
            long second = Math.max(0, (endedNanos - startNanos) / 1_000_000_000L);
            instancesPerSecond.addAndGet((int) Math.min(second, TIMELINE_SECONDS - 1), outcome.instances());
        } else {
            errors.computeIfAbsent(outcome.errorKind(), k -> new LongAdder()).increment();
            firstMessages.putIfAbsent(outcome.errorKind(), String.valueOf(outcome.message()));
        }
    }

    public LatencyRecorder latencies() {
        return latencies;
    }

    public long succeeded() {
        return latencies.count();
    }

    public long instances() {
        return instances.sum();
    }

    public long bytes() {
        return bytes.sum();
    }

    public long errorCount() {
        long n = 0;
        for (LongAdder a : errors.values()) {
            n += a.sum();
        }
        return n;
    }

    /** Errors by kind, sorted by kind. */
    public Map<String, Long> errors() {
        Map<String, Long> out = new TreeMap<>();
        errors.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    public String firstMessage(String kind) {
        return firstMessages.get(kind);
    }

    /** Seconds from start to stop (or to now while running). */
    public double elapsedSeconds() {
        long end = endNanos != 0 ? endNanos : System.nanoTime();
        return Math.max(1e-9, (end - startNanos) / 1e9);
    }

    public double operationsPerSecond() {
        return succeeded() / elapsedSeconds();
    }

    public double instancesPerSecond() {
        return instances() / elapsedSeconds();
    }

    public double megabytesPerSecond() {
        return bytes() / 1e6 / elapsedSeconds();
    }

    /** Successful instances per second over the first {@code seconds} seconds of the run. */
    public long[] timeline(int seconds) {
        long[] out = new long[Math.min(seconds, TIMELINE_SECONDS)];
        for (int i = 0; i < out.length; i++) {
            out[i] = instancesPerSecond.get(i);
        }
        return out;
    }
}
