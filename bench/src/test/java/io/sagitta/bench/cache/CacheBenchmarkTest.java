package io.sagitta.bench.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.benmanes.caffeine.cache.stats.CacheStats;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The cache benchmark's hits are hits, its misses are misses, and each lookup answers a whole study. */
class CacheBenchmarkTest {

    private final CacheBenchmark bench = new CacheBenchmark();
    private final CacheBenchmark.Archive archive = new CacheBenchmark.Archive();
    private final CacheBenchmark.Loop loop = new CacheBenchmark.Loop();

    @BeforeEach
    void start() {
        archive.start();
        loop.context = archive.loops.contexts.get(0);
    }

    @AfterEach
    void stop() {
        archive.stop();
    }

    @Test
    void hitsLoadNothingAndMissesLoadEveryStudy() {
        long run = (long) CacheBenchmark.RUN * CacheBenchmark.INSTANCES;
        assertEquals(run, bench.locationsHit(archive, loop));
        assertEquals(run, bench.metadataHit(archive, loop));
        assertEquals(CacheBenchmark.HOT_STUDIES, archive.index.locationLoads.sum());
        assertEquals(CacheBenchmark.HOT_STUDIES, archive.index.metadataLoads.sum());

        assertEquals(run, bench.locationsMiss(archive, loop));
        assertEquals(run, bench.metadataMiss(archive, loop));
        CacheStats locations = archive.cold.stats().get("locations");
        CacheStats metadata = archive.cold.stats().get("metadata");
        assertEquals(CacheBenchmark.RUN, locations.missCount(), locations.toString());
        assertEquals(CacheBenchmark.RUN, metadata.missCount(), metadata.toString());
        // One load per miss: the cold metadata cache takes a whole study (none is streamed past it as too large).
        assertEquals(CacheBenchmark.HOT_STUDIES + CacheBenchmark.RUN, archive.index.metadataLoads.sum());
    }

    @Test
    void writesAreStoredAndLeaveOtherStudiesCached() {
        CacheBenchmark.Writer writer = new CacheBenchmark.Writer();
        assertEquals(CacheBenchmark.RUN, bench.write(archive, writer));
        long before = archive.warm.stats().get("locations").missCount();
        bench.lookup(archive, loop);
        long reloads = archive.warm.stats().get("locations").missCount() - before;
        // A written study can share a generation slot with a read one: a few reloads, never most.
        assertTrue(reloads < CacheBenchmark.HOT_STUDIES / 4, reloads + " reloads");
        assertEquals((long) CacheBenchmark.RUN * CacheBenchmark.INSTANCES, bench.handOver(loop));
    }
}
