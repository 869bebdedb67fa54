package io.sagitta.storage.cache;

import io.sagitta.storage.cache.WriteGenerations.Kind;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The write-generation check every cache hit of {@link CachingInstanceIndex} makes
 * ({@link WriteGenerations#validSince}) and the stamp every write makes
 * ({@link WriteGenerations#written}), alone and with a writer on another thread moving the shared
 * clock. It lives in the cache's package (in the bench module, not in storage) because
 * {@link WriteGenerations} is package-private and should stay so; the benchmark reads it, it does
 * not widen it. {@code io.sagitta.bench.cache.CacheBenchmark} has the same check inside whole lookups.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class WriteGenerationsBenchmark {

    private static final int UIDS = 1024;

    private final WriteGenerations generations = new WriteGenerations();
    private final String[] studies = new String[UIDS];
    /** Studies written while the others are read: other UIDs, but slots on the same cache lines. */
    private final String[] written = new String[UIDS];
    private long loadedAt;

    @Setup(Level.Trial)
    public void setUp() {
        for (int i = 0; i < UIDS; i++) {
            studies[i] = "1.2.826.0.1.3680043.10.1137." + (1000 + i);
            written[i] = "1.2.826.0.1.3680043.10.1138." + (1000 + i);
            generations.written(Kind.STUDY, studies[i]);
        }
        loadedAt = generations.now();
        for (String study : studies) {
            if (!generations.validSince(Kind.STUDY, study, loadedAt)) {
                throw new IllegalStateException(study + " is stale right after its load");
            }
        }
    }

    /** One thread's position in the UIDs. */
    @State(Scope.Thread)
    public static class Cursor {
        int next;

        String of(String[] uids) {
            return uids[next++ & (UIDS - 1)];
        }
    }

    @Benchmark
    public boolean check(Cursor cursor) {
        return generations.validSince(Kind.STUDY, cursor.of(studies), loadedAt);
    }

    /** A write stamps its study, series and instance: three of these. */
    @Benchmark
    public WriteGenerations stamp(Cursor cursor) {
        generations.written(Kind.STUDY, cursor.of(written));
        return generations;
    }

    /** The check while another thread stamps: the clock and slots it reads are written elsewhere. */
    @Benchmark
    @Group("checkWhileStamping")
    @GroupThreads(1)
    public boolean checkBeside(Cursor cursor) {
        return generations.validSince(Kind.STUDY, cursor.of(studies), loadedAt);
    }

    @Benchmark
    @Group("checkWhileStamping")
    @GroupThreads(1)
    public WriteGenerations stampBeside(Cursor cursor) {
        generations.written(Kind.STUDY, cursor.of(written));
        return generations;
    }
}
