package io.sagitta.storage.cache;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import io.sagitta.core.data.Dataset;
import io.sagitta.storage.cache.WriteGenerations.Kind;
import io.sagitta.storage.index.IndexQuery;
import io.sagitta.storage.index.IndexUnavailableException;
import io.sagitta.storage.index.InstanceIndex;
import io.sagitta.storage.index.InstanceLocation;
import io.sagitta.storage.index.InstanceRecord;
import io.sagitta.storage.index.Scope;
import io.sagitta.storage.index.StoreResult;
import io.sagitta.storage.index.impl.ReactiveBridge;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.streams.ReadStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import reactor.core.publisher.Flux;

/**
 * The index with Caffeine caches in front of its retrieve paths: the instance locations of a
 * study, series or instance (WADO-RS, WADO-URI, frames, C-MOVE, C-GET) and the WADO-RS metadata of
 * a study, series or instance. Queries (C-FIND, QIDO-RS) and writes go straight to the index.
 *
 * <p>Caches are asynchronous ({@link AsyncCache}): the first miss for a scope starts one query and
 * every concurrent request for that scope waits on the same future; nothing blocks. Results are
 * delivered on the caller's Vert.x context.
 *
 * <p>Consistency. Every write (store, replace, delete) marks, once it has committed, the studies,
 * series and instances it touched in {@link WriteGenerations}; a cached value remembers the tick
 * its load started at and is served only if nothing it covers was written since. So a load that
 * raced a write is never served after the write completed, even if it completed later than the
 * write and landed in the cache. The keys the write names are also invalidated at once, to free
 * the memory. A write that failed in a way that may still have committed (database unreachable
 * mid-transaction) marks everything.
 *
 * <p>Hit and miss counts are in {@link #stats()}; a value found stale is counted as a hit and
 * then a miss for its reload.
 */
public final class CachingInstanceIndex implements InstanceIndex {

    private static final int LIST_STREAM_BATCH = 64;

    private final Vertx vertx;
    private final InstanceIndex index;
    private final WriteGenerations generations = new WriteGenerations();
    private final AsyncCache<Scope, Loaded<List<InstanceLocation>>> locations;
    private final AsyncCache<Scope, Loaded<CachedMetadata>> metadata;
    private final long metadataMaxEntryBytes;

    private CachingInstanceIndex(Vertx vertx, InstanceIndex index, IndexCacheOptions options) {
        this.vertx = vertx;
        this.index = index;
        this.metadataMaxEntryBytes = options.metadataMaxEntryBytes();
        this.locations = options.locationsMaxInstances() == 0 ? null : Caffeine.newBuilder()
            .maximumWeight(options.locationsMaxInstances())
            .<Scope, Loaded<List<InstanceLocation>>>weigher((scope, loaded) -> Math.max(1, loaded.value().size()))
            .recordStats()
            .buildAsync();
        this.metadata = options.metadataMaxBytes() == 0 ? null : Caffeine.newBuilder()
            .maximumWeight(options.metadataMaxBytes())
            .<Scope, Loaded<CachedMetadata>>weigher((scope, loaded) -> loaded.value().weight())
            .recordStats()
            .buildAsync();
    }

    /** The index with caches of the given sizes in front of it. */
    public static CachingInstanceIndex wrap(Vertx vertx, InstanceIndex index, IndexCacheOptions options) {
        return new CachingInstanceIndex(vertx, index, options);
    }

    /** Hit, miss, load and eviction counts per cache: {@code locations} and {@code metadata}. */
    public Map<String, CacheStats> stats() {
        Map<String, CacheStats> stats = new LinkedHashMap<>();
        stats.put("locations", locations == null ? CacheStats.empty() : locations.synchronous().stats());
        stats.put("metadata", metadata == null ? CacheStats.empty() : metadata.synchronous().stats());
        return stats;
    }

    // ------------------------------------------------------------------ reads

    @Override
    public Future<List<InstanceLocation>> locations(Scope scope) {
        if (locations == null) {
            return index.locations(scope);
        }
        return lookup(locations, scope, () -> index.locations(scope).map(List::copyOf), true);
    }

    @Override
    public ReadStream<String> metadata(Scope scope) {
        if (metadata == null) {
            return index.metadata(scope);
        }
        Context context = vertx.getOrCreateContext();
        return new DeferredReadStream<>(context, () -> lookup(metadata, scope, () -> collectMetadata(scope), true)
            .map(cached -> cached.tooLarge() ? index.metadata(scope)
                : ReactiveBridge.readStream(context, Flux.fromIterable(cached.instances()), LIST_STREAM_BATCH)));
    }

    @Override
    public ReadStream<Dataset> query(IndexQuery query) {
        return index.query(query);
    }

    /** Not cached: a walk over every instance would only push out what viewers use. */
    @Override
    public ReadStream<InstanceLocation> allLocations() {
        return index.allLocations();
    }

    @Override
    public Future<Set<String>> indexedBlobKeys(Collection<String> blobKeys) {
        return index.indexedBlobKeys(blobKeys);
    }

    /**
     * The cached value for the scope, loading it on a miss. A value written over since its load
     * started is dropped and loaded once more; if that one is stale too (writes keep coming), the
     * answer is loaded straight from the index and not cached.
     */
    private <T> Future<T> lookup(AsyncCache<Scope, Loaded<T>> cache, Scope scope, Supplier<Future<T>> load, boolean retry) {
        Context context = vertx.getOrCreateContext();
        CompletableFuture<Loaded<T>> entry = cache.get(scope, (key, executor) -> {
            long startedAt = generations.now();
            return load.get().map(value -> new Loaded<>(startedAt, value)).toCompletionStage().toCompletableFuture();
        });
        return Future.fromCompletionStage(entry, context).compose(loaded -> {
            if (isValid(scope, loaded.startedAt())) {
                return Future.succeededFuture(loaded.value());
            }
            cache.asMap().remove(scope, entry);
            return retry ? lookup(cache, scope, load, false) : load.get();
        });
    }

    private boolean isValid(Scope scope, long loadedAt) {
        return switch (scope.level()) {
            case STUDY -> generations.validSince(Kind.STUDY, scope.studyInstanceUid(), loadedAt);
            case SERIES -> generations.validSince(Kind.SERIES, scope.seriesInstanceUid(), loadedAt);
            default -> generations.validSince(Kind.INSTANCE, scope.sopInstanceUid(), loadedAt);
        };
    }

    /**
     * Reads a scope's metadata into memory for the cache, giving up (and cancelling the query) once
     * it is larger than one entry may be: such a scope is marked too large and streamed instead.
     */
    private Future<CachedMetadata> collectMetadata(Scope scope) {
        Promise<CachedMetadata> done = Promise.promise();
        ReadStream<String> stream = index.metadata(scope);
        List<String> instances = new ArrayList<>();
        long[] bytes = {0};
        stream.exceptionHandler(done::tryFail);
        stream.endHandler(v -> done.tryComplete(new CachedMetadata(List.copyOf(instances), bytes[0])));
        stream.handler(json -> {
            bytes[0] += CachedMetadata.weigh(json);
            if (bytes[0] > metadataMaxEntryBytes) {
                stream.handler(null);
                instances.clear();
                done.tryComplete(CachedMetadata.TOO_LARGE);
            } else {
                instances.add(json);
            }
        });
        return done.future();
    }

    // ------------------------------------------------------------------ writes

    @Override
    public Future<StoreResult> recordInstance(InstanceRecord record) {
        return index.recordInstance(record).andThen(ar -> {
            if (ar.succeeded()) {
                StoreResult result = ar.result();
                if (result.outcome() != StoreResult.Outcome.DUPLICATE) {
                    written(result.studyInstanceUid(), result.seriesInstanceUid(), result.sopInstanceUid());
                    written(result.previousStudyInstanceUid(), result.previousSeriesInstanceUid(), result.sopInstanceUid());
                }
            } else {
                failedWrite(ar);
                written(record.studyInstanceUid(), record.seriesInstanceUid(), record.sopInstanceUid());
            }
        });
    }

    @Override
    public Future<List<InstanceLocation>> delete(Scope scope) {
        return index.delete(scope).andThen(ar -> {
            if (ar.succeeded()) {
                for (InstanceLocation removed : ar.result()) {
                    written(removed.studyInstanceUid(), removed.seriesInstanceUid(), removed.sopInstanceUid());
                }
            } else {
                failedWrite(ar);
                written(scope.studyInstanceUid(), scope.seriesInstanceUid(), scope.sopInstanceUid());
            }
        });
    }

    /** A write that failed because the database went away may have committed before it did: forget everything. */
    private void failedWrite(AsyncResult<?> ar) {
        if (ar.cause() instanceof IndexUnavailableException) {
            generations.writtenEverything();
        }
    }

    private void written(String study, String series, String sop) {
        generations.written(Kind.STUDY, study);
        generations.written(Kind.SERIES, series);
        generations.written(Kind.INSTANCE, sop);
        forget(Scope.study(study));
        if (series != null) {
            forget(Scope.series(study, series));
            if (sop != null) {
                forget(Scope.instance(study, series, sop));
            }
        }
    }

    private void forget(Scope scope) {
        if (locations != null) {
            locations.synchronous().invalidate(scope);
        }
        if (metadata != null) {
            metadata.synchronous().invalidate(scope);
        }
    }
}
