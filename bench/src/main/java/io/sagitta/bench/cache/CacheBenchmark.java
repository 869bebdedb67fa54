package io.sagitta.bench.cache;

import com.github.benmanes.caffeine.cache.stats.CacheStats;
import io.sagitta.bench.data.CtHeader;
import io.sagitta.core.data.Dataset;
import io.sagitta.core.data.Tag;
import io.sagitta.core.data.UID;
import io.sagitta.core.data.VR;
import io.sagitta.core.json.DicomJsonWriter;
import io.sagitta.storage.cache.CachingInstanceIndex;
import io.sagitta.storage.cache.IndexCacheOptions;
import io.sagitta.storage.index.InstanceRecord;
import io.sagitta.storage.index.Scope;
import io.sagitta.storage.index.StoreResult;
import io.sagitta.storage.index.StoredBlob;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.streams.ReadStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * {@link CachingInstanceIndex} lookups of a study's instance locations (WADO-RS, C-MOVE, C-GET) and
 * of its WADO-RS metadata, made on Vert.x event loops as the routes make them: hits (a warm cache
 * of {@value #HOT_STUDIES} studies) and misses (a cache too small for the {@value #STUDIES} studies
 * it is asked for in turn, over an in-memory index that answers at once, so a miss is the cache's
 * own cost around a load), from 1 and 2 event loops. {@code handOver} is the harness alone: the
 * same run of lookups answering nothing, whose cost is in every other score.
 * {@code hitWhileWriting} reads hits while another thread records instances of other studies:
 * every write stamps the write generations and invalidates keys, and every hit checks the stamps.
 *
 * <p>Each operation is one lookup; {@value #RUN} run back to back per invocation. Every study has
 * {@value #INSTANCES} instances. Hit and miss counts are checked after each iteration: a "hit"
 * benchmark that missed or a "miss" benchmark that hit fails.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class CacheBenchmark {

    static final int RUN = 1000;
    static final int STUDIES = 8192;
    static final int HOT_STUDIES = 64;
    static final int INSTANCES = 50;
    /** The cold caches hold this many studies: a cycle through {@link #STUDIES} never comes back in time. */
    static final int COLD_CAPACITY_STUDIES = 32;
    static final int WRITTEN_STUDIES = 1024;

    /** The index, its warm and cold caches and the event loops, shared by the benchmark's threads. */
    @State(org.openjdk.jmh.annotations.Scope.Benchmark)
    public static class Archive {

        EventLoops loops;
        MemoryIndex index;
        CachingInstanceIndex warm;
        CachingInstanceIndex cold;
        Scope[] hot;
        Scope[] all;
        InstanceRecord[] writes;
        long warmMisses;

        @Setup(Level.Trial)
        public void start() {
            String metadataJson = DicomJsonWriter.create().toJson(CtHeader.ctImage(512, 512));
            List<String> studies = new ArrayList<>(STUDIES);
            all = new Scope[STUDIES];
            for (int i = 0; i < STUDIES; i++) {
                String study = "1.2.826.0.1.3680043.10.1137." + (1000 + i);
                studies.add(study);
                all[i] = Scope.study(study);
            }
            hot = new Scope[HOT_STUDIES];
            for (int i = 0; i < HOT_STUDIES; i++) {
                hot[i] = all[i * (STUDIES / HOT_STUDIES)];
            }
            index = new MemoryIndex(studies, INSTANCES, metadataJson);
            loops = new EventLoops(2);
            warm = CachingInstanceIndex.wrap(loops.vertx, index, IndexCacheOptions.DEFAULT);
            // About the heap one study's metadata weighs in the cache (two bytes a character).
            long studyMetadataBytes = INSTANCES * (2L * metadataJson.length() + 64);
            cold = CachingInstanceIndex.wrap(loops.vertx, index,
                new IndexCacheOptions((long) COLD_CAPACITY_STUDIES * INSTANCES, COLD_CAPACITY_STUDIES * studyMetadataBytes));
            writes = new InstanceRecord[WRITTEN_STUDIES];
            for (int i = 0; i < WRITTEN_STUDIES; i++) {
                writes[i] = record("1.2.826.0.1.3680043.10.1138." + (1000 + i));
            }
            // Warm: each hot study loaded once, then answered from the cache.
            for (Context context : loops.contexts) {
                long items = LookupRun.on(context, HOT_STUDIES, i -> locations(warm, hot[i]))
                    + LookupRun.on(context, HOT_STUDIES, i -> metadata(warm, hot[i]));
                if (items != 2L * HOT_STUDIES * INSTANCES) {
                    throw new IllegalStateException("warm-up answered " + items + " items");
                }
            }
            warmMisses = misses(warm);
            if (index.locationLoads.sum() != HOT_STUDIES || index.metadataLoads.sum() != HOT_STUDIES) {
                throw new IllegalStateException("warm-up loaded " + index.locationLoads.sum() + " locations and "
                    + index.metadataLoads.sum() + " metadata, expected " + HOT_STUDIES + " each");
            }
            System.out.printf("%nmetadata: %,d characters per instance, %d instances per study%n",
                metadataJson.length(), INSTANCES);
        }

        /** Fails a benchmark whose lookups were not what its name says; prints the counts. */
        @TearDown(Level.Iteration)
        public void check(BenchmarkParams params) {
            String name = params.getBenchmark();
            Map<String, CacheStats> warmStats = warm.stats();
            Map<String, CacheStats> coldStats = cold.stats();
            System.out.printf("%n  warm %s%n  cold %s%n", brief(warmStats), brief(coldStats));
            if (name.contains("Hit") && !name.contains("Writing") && misses(warm) != warmMisses) {
                throw new IllegalStateException(name + ": the warm cache missed " + (misses(warm) - warmMisses) + " times");
            }
            if (name.contains("Miss")) {
                for (Map.Entry<String, CacheStats> e : coldStats.entrySet()) {
                    if (e.getValue().requestCount() > 0 && e.getValue().hitRate() > 0.05) {
                        throw new IllegalStateException(name + ": the cold " + e.getKey() + " cache hit " + e.getValue());
                    }
                }
            }
        }

        @TearDown(Level.Trial)
        public void stop() {
            loops.close();
        }

        private static long misses(CachingInstanceIndex index) {
            return index.stats().values().stream().mapToLong(CacheStats::missCount).sum();
        }

        private static String brief(Map<String, CacheStats> stats) {
            StringBuilder out = new StringBuilder();
            stats.forEach((name, s) -> out.append(String.format("%s: %,d hits %,d misses  ", name, s.hitCount(), s.missCount())));
            return out.toString().trim();
        }

        private static InstanceRecord record(String study) {
            Dataset d = new Dataset();
            d.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 192");
            d.setString(Tag.SOPClassUID, VR.UI, UID.CTImageStorage);
            d.setString(Tag.SOPInstanceUID, VR.UI, study + ".1.1");
            d.setString(Tag.StudyInstanceUID, VR.UI, study);
            d.setString(Tag.SeriesInstanceUID, VR.UI, study + ".1");
            d.setString(Tag.Modality, VR.CS, "CT");
            d.setString(Tag.PatientID, VR.LO, "PID-" + study.hashCode());
            return InstanceRecord.of(d, UID.ExplicitVRLittleEndian, new StoredBlob("2026/11/23/" + study, 527_790, "crc"));
        }
    }

    /** One benchmark thread's event loop and where it is in its cycle of studies. */
    @State(org.openjdk.jmh.annotations.Scope.Thread)
    public static class Loop {

        Context context;
        int next;

        @Setup(Level.Trial)
        public void pick(Archive archive, ThreadParams thread) {
            int t = thread.getThreadIndex();
            context = archive.loops.contexts.get(t % archive.loops.contexts.size());
            // Two threads walk the studies half a cycle apart: neither finds what the other just loaded.
            next = t * (STUDIES / 2);
        }

        /** Where this invocation's run starts; wraps within the studies, so a long run never overflows. */
        int advance() {
            int from = next;
            next = (next + RUN) % STUDIES;
            return from;
        }
    }

    /** The writer of {@code hitWhileWriting}: records instances of studies no reader asks for. */
    @State(org.openjdk.jmh.annotations.Scope.Thread)
    public static class Writer {
        int next;
    }

    static Future<Integer> locations(CachingInstanceIndex index, Scope scope) {
        return index.locations(scope).map(List::size);
    }

    /** A study's metadata read to its end, as the metadata route streams it; answers the instances read. */
    static Future<Integer> metadata(CachingInstanceIndex index, Scope scope) {
        Promise<Integer> done = Promise.promise();
        ReadStream<String> stream = index.metadata(scope);
        int[] read = {0};
        stream.exceptionHandler(done::tryFail);
        stream.endHandler(v -> done.tryComplete(read[0]));
        stream.handler(json -> read[0] += json.isEmpty() ? 0 : 1);
        return done.future();
    }

    private static long checked(long items) {
        if (items != (long) RUN * INSTANCES) {
            throw new IllegalStateException(RUN + " lookups answered " + items + " items, expected " + RUN * INSTANCES);
        }
        return items;
    }

    private static long hotLocations(Archive a, Loop loop) {
        int from = loop.advance();
        return checked(LookupRun.on(loop.context, RUN, i -> locations(a.warm, a.hot[(from + i) % HOT_STUDIES])));
    }

    private static long hotMetadata(Archive a, Loop loop) {
        int from = loop.advance();
        return checked(LookupRun.on(loop.context, RUN, i -> metadata(a.warm, a.hot[(from + i) % HOT_STUDIES])));
    }

    private static long coldLocations(Archive a, Loop loop) {
        int from = loop.advance();
        return checked(LookupRun.on(loop.context, RUN, i -> locations(a.cold, a.all[(from + i) % STUDIES])));
    }

    private static long coldMetadata(Archive a, Loop loop) {
        int from = loop.advance();
        return checked(LookupRun.on(loop.context, RUN, i -> metadata(a.cold, a.all[(from + i) % STUDIES])));
    }

    @Benchmark
    @OperationsPerInvocation(RUN)
    public long handOver(Loop loop) {
        return LookupRun.on(loop.context, RUN, i -> Future.succeededFuture(INSTANCES));
    }

    @Benchmark
    @OperationsPerInvocation(RUN)
    public long locationsHit(Archive a, Loop loop) {
        return hotLocations(a, loop);
    }

    @Benchmark
    @Threads(2)
    @OperationsPerInvocation(RUN)
    public long locationsHitTwoThreads(Archive a, Loop loop) {
        return hotLocations(a, loop);
    }

    @Benchmark
    @OperationsPerInvocation(RUN)
    public long metadataHit(Archive a, Loop loop) {
        return hotMetadata(a, loop);
    }

    @Benchmark
    @Threads(2)
    @OperationsPerInvocation(RUN)
    public long metadataHitTwoThreads(Archive a, Loop loop) {
        return hotMetadata(a, loop);
    }

    @Benchmark
    @OperationsPerInvocation(RUN)
    public long locationsMiss(Archive a, Loop loop) {
        return coldLocations(a, loop);
    }

    @Benchmark
    @Threads(2)
    @OperationsPerInvocation(RUN)
    public long locationsMissTwoThreads(Archive a, Loop loop) {
        return coldLocations(a, loop);
    }

    @Benchmark
    @OperationsPerInvocation(RUN)
    public long metadataMiss(Archive a, Loop loop) {
        return coldMetadata(a, loop);
    }

    @Benchmark
    @Threads(2)
    @OperationsPerInvocation(RUN)
    public long metadataMissTwoThreads(Archive a, Loop loop) {
        return coldMetadata(a, loop);
    }

    @Benchmark
    @Group("hitWhileWriting")
    @GroupThreads(1)
    @OperationsPerInvocation(RUN)
    public long lookup(Archive a, Loop loop) {
        return hotLocations(a, loop);
    }

    /** Instances recorded through the cache: each stamps three write generations and invalidates its keys. */
    @Benchmark
    @Group("hitWhileWriting")
    @GroupThreads(1)
    @OperationsPerInvocation(RUN)
    public int write(Archive a, Writer writer) {
        int stored = 0;
        for (int i = 0; i < RUN; i++) {
            StoreResult result = a.warm.recordInstance(a.writes[writer.next]).result();
            writer.next = (writer.next + 1) % WRITTEN_STUDIES;
            stored += result.outcome() == StoreResult.Outcome.STORED ? 1 : 0;
        }
        if (stored != RUN) {
            throw new IllegalStateException(stored + " of " + RUN + " writes stored");
        }
        return stored;
    }
}
