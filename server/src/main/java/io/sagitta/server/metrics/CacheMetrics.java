package io.sagitta.server.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.Supplier;

/**
 * A cache's hits, misses and evictions as Sagitta series, from whatever statistics the cache keeps. For a
 * Caffeine cache built with {@code recordStats()}:
 * <pre>{@code
 * metrics.cache("study_metadata", () -> {
 *     CacheStats s = cache.stats();
 *     return new CacheMetrics.Counts(s.hitCount(), s.missCount(), s.evictionCount());
 * });
 * }</pre>
 * The supplier is called at scrape time only (never on a lookup), from a worker thread; Caffeine's
 * {@code stats()} is safe to call from any thread.
 */
public final class CacheMetrics {

    /** Totals since the cache was made. */
    public record Counts(long hits, long misses, long evictions) {

        /** Hits over lookups, or NaN before the first lookup. */
        public double hitRatio() {
            long lookups = hits + misses;
            return lookups == 0 ? Double.NaN : (double) hits / lookups;
        }
    }

    private CacheMetrics() {
    }

    /**
     * Registers {@code sagitta_cache_hits_total}, {@code sagitta_cache_misses_total},
     * {@code sagitta_cache_evictions_total} and {@code sagitta_cache_hit_ratio}, tagged {@code cache=name}.
     */
    public static void bind(MeterRegistry registry, String name, Supplier<Counts> counts) {
        if (name == null || !name.matches("[a-z][a-z0-9_]{0,63}")) {
            throw new IllegalArgumentException("a cache name is lower case letters, digits and _: '" + name + "'");
        }
        FunctionCounter.builder("sagitta.cache.hits", counts, c -> c.get().hits()).tag("cache", name)
            .description("Cache lookups that found their entry").register(registry);
        FunctionCounter.builder("sagitta.cache.misses", counts, c -> c.get().misses()).tag("cache", name)
            .description("Cache lookups that did not").register(registry);
        FunctionCounter.builder("sagitta.cache.evictions", counts, c -> c.get().evictions()).tag("cache", name)
            .description("Entries evicted (size or time)").register(registry);
        Gauge.builder("sagitta.cache.hit.ratio", counts, c -> c.get().hitRatio()).tag("cache", name)
            .description("Hits over lookups since start").register(registry);
    }
}
