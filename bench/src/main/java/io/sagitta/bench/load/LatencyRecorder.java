package io.sagitta.bench.load;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/**
 * Latencies in nanoseconds in log-linear buckets: exact below 128 ns, then 64 buckets per power of
 * two, so a percentile is off by less than 1/64 (1.6 %) of its value. Lock-free; any thread may
 * record while another reads. The maximum is kept exactly.
 */
public final class LatencyRecorder {

    private static final int SUB_BUCKETS = 64;
    private static final int LINEAR_LIMIT = 2 * SUB_BUCKETS;
    /** Enough for any positive long: the top magnitude is 62. */
    private static final int BUCKETS = (62 - 6) * SUB_BUCKETS + 2 * SUB_BUCKETS;

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);
    private final LongAdder total = new LongAdder();
    private final LongAdder sum = new LongAdder();
    private final LongAccumulator max = new LongAccumulator(Math::max, 0);
    private final LongAccumulator min = new LongAccumulator(Math::min, Long.MAX_VALUE);

    public void record(long nanos) {
        long v = Math.max(0, nanos);
        counts.incrementAndGet(index(v));
        total.increment();
        sum.add(v);
        max.accumulate(v);
        min.accumulate(v);
    }

    public long count() {
        return total.sum();
    }

    public long maxNanos() {
        return max.get();
    }

    public long minNanos() {
        return count() == 0 ? 0 : min.get();
    }

    public double meanNanos() {
        long n = count();
        return n == 0 ? 0 : (double) sum.sum() / n;
    }

    /**
     * The smallest recorded value v such that at least {@code percentile} % of the values are at most v,
     * as the upper end of its bucket (never above the maximum); 0 when nothing was recorded.
     */
    public long percentileNanos(double percentile) {
        if (percentile < 0 || percentile > 100) {
            throw new IllegalArgumentException("percentile must be 0..100");
        }
        long n = count();
        if (n == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(percentile / 100.0 * n));
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts.get(i);
            if (seen >= rank) {
                return Math.min(upperBound(i), maxNanos());
            }
        }
        return maxNanos();
    }

    /** Non-empty buckets as {lower bound ns, upper bound ns, count}, for the HTML report's distribution chart. */
    public long[][] buckets() {
        int nonEmpty = 0;
        for (int i = 0; i < BUCKETS; i++) {
            if (counts.get(i) > 0) {
                nonEmpty++;
            }
        }
        long[][] out = new long[nonEmpty][];
        int k = 0;
        for (int i = 0; i < BUCKETS && k < nonEmpty; i++) {
            long c = counts.get(i);
            if (c > 0) {
                out[k++] = new long[] {lowerBound(i), upperBound(i), c};
            }
        }
        return out;
    }

    static int index(long v) {
        if (v < LINEAR_LIMIT) {
            return (int) v;
        }
        int magnitude = 63 - Long.numberOfLeadingZeros(v);
        int shift = magnitude - 6;
        return shift * SUB_BUCKETS + (int) (v >>> shift);
    }

    static long lowerBound(int index) {
        if (index < LINEAR_LIMIT) {
            return index;
        }
        int shift = index / SUB_BUCKETS - 1;
        long sub = index % SUB_BUCKETS + SUB_BUCKETS;
        return sub << shift;
    }

    static long upperBound(int index) {
        if (index < LINEAR_LIMIT) {
            return index;
        }
        int shift = index / SUB_BUCKETS - 1;
        return lowerBound(index) + (1L << shift) - 1;
    }
}
