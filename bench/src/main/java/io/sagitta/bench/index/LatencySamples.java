package io.sagitta.bench.index;

import java.util.Arrays;

/** Latencies of one query kind, in nanoseconds, summarised by nearest-rank percentiles over sorted samples. */
final class LatencySamples {

    private long[] samples = new long[256];
    private int count;
    private long rows;

    void add(long nanos, int resultRows) {
        if (count == samples.length) {
            samples = Arrays.copyOf(samples, count * 2);
        }
        samples[count++] = nanos;
        rows += resultRows;
    }

    int count() {
        return count;
    }

    double meanRows() {
        return count == 0 ? 0 : (double) rows / count;
    }

    /** The nearest-rank percentile in milliseconds ({@code p} in 0..100). */
    double percentileMillis(double p) {
        if (count == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(samples, count);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * count);
        return sorted[Math.max(0, Math.min(count - 1, rank - 1))] / 1e6;
    }
}
