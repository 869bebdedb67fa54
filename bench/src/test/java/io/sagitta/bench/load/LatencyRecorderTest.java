package io.sagitta.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class LatencyRecorderTest {

    @Test
    void percentilesOfAUniformSpreadAreWithinTheBucketError() {
        LatencyRecorder r = new LatencyRecorder();
        for (long us = 1; us <= 100_000; us++) {
            r.record(us * 1000);
        }
        assertEquals(100_000, r.count());
        assertClose(50_000_000, r.percentileNanos(50));
        assertClose(95_000_000, r.percentileNanos(95));
        assertClose(99_000_000, r.percentileNanos(99));
        assertEquals(100_000_000, r.percentileNanos(100));
        assertEquals(100_000_000, r.maxNanos());
        assertEquals(1000, r.minNanos());
        assertEquals(50_000_500, r.meanNanos(), 1);
    }

    @Test
    void percentilesMatchASortedArrayOnASkewedSample() {
        LatencyRecorder r = new LatencyRecorder();
        SplittableRandom random = new SplittableRandom(3);
        long[] values = new long[20_000];
        for (int i = 0; i < values.length; i++) {
            // mostly ~1 ms, a tail to ~200 ms
            values[i] = (long) (1_000_000 * Math.exp(random.nextDouble() * random.nextDouble() * 5.3));
            r.record(values[i]);
        }
        Arrays.sort(values);
        for (double p : new double[] {1, 50, 90, 95, 99, 99.9}) {
            long exact = values[(int) Math.ceil(p / 100 * values.length) - 1];
            long got = r.percentileNanos(p);
            assertTrue(got >= exact && got <= exact * 1.016 + 1, p + ": " + got + " vs " + exact);
        }
        assertEquals(values[values.length - 1], r.maxNanos());
    }

    @Test
    void smallValuesAreExactAndBucketsAreContiguous() {
        LatencyRecorder r = new LatencyRecorder();
        IntStream.of(0, 1, 5, 127).forEach(r::record);
        assertEquals(1, r.percentileNanos(50));
        assertEquals(127, r.percentileNanos(100));
        for (int i = 1; i < 3000; i++) {
            assertEquals(LatencyRecorder.upperBound(i - 1) + 1, LatencyRecorder.lowerBound(i), "bucket " + i);
            assertEquals(i, LatencyRecorder.index(LatencyRecorder.lowerBound(i)));
            assertEquals(i, LatencyRecorder.index(LatencyRecorder.upperBound(i)));
        }
        assertEquals(4, r.buckets().length);
    }

    @Test
    void emptyIsZero() {
        LatencyRecorder r = new LatencyRecorder();
        assertEquals(0, r.percentileNanos(99));
        assertEquals(0, r.maxNanos());
        assertEquals(0, r.minNanos());
    }

    private static void assertClose(long expected, long actual) {
        assertTrue(Math.abs(actual - expected) <= expected / 64, expected + " vs " + actual);
    }
}
