package io.sagitta.bench.cache;

import io.sagitta.core.data.Dataset;
import io.sagitta.core.data.UID;
import io.sagitta.storage.index.IndexQuery;
import io.sagitta.storage.index.InstanceIndex;
import io.sagitta.storage.index.InstanceLocation;
import io.sagitta.storage.index.InstanceRecord;
import io.sagitta.storage.index.Scope;
import io.sagitta.storage.index.StoreResult;
import io.sagitta.storage.index.impl.ReactiveBridge;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.streams.ReadStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import reactor.core.publisher.Flux;

/**
 * The index under the cache in the cache benchmark: studies held in memory, answered at once, so
 * a miss costs what the cache itself does around a load and not a database round trip. Study
 * scopes only (what the benchmark asks); metadata streams the way the real index's does, through
 * {@link ReactiveBridge} on the caller's context. Recording an instance changes nothing here but
 * answers as the real index would, which is what the cache reacts to. Queries and deletes are not
 * part of the benchmark and fail.
 */
final class MemoryIndex implements InstanceIndex {

    private static final int STREAM_BATCH = 64;

    private final Map<String, List<InstanceLocation>> locations = new HashMap<>();
    private final List<String> instanceMetadata;
    final LongAdder locationLoads = new LongAdder();
    final LongAdder metadataLoads = new LongAdder();

    /** {@code studies} studies of one series of {@code instances} instances each, all with {@code metadataJson}. */
    MemoryIndex(List<String> studies, int instances, String metadataJson) {
        for (String study : studies) {
            String series = study + ".1";
            List<InstanceLocation> list = new ArrayList<>(instances);
            for (int i = 1; i <= instances; i++) {
                String sop = series + "." + i;
                list.add(new InstanceLocation(study, series, sop, UID.CTImageStorage, UID.ExplicitVRLittleEndian,
                    "2026/11/23/" + sop, 527_790, "crc32c:" + Integer.toHexString(sop.hashCode())));
            }
            locations.put(study, List.copyOf(list));
        }
        List<String> metadata = new ArrayList<>(instances);
        for (int i = 0; i < instances; i++) {
            metadata.add(metadataJson);
        }
        instanceMetadata = List.copyOf(metadata);
    }

    @Override
    public Future<List<InstanceLocation>> locations(Scope scope) {
        locationLoads.increment();
        List<InstanceLocation> study = locations.get(studyOnly(scope));
        return Future.succeededFuture(study == null ? List.of() : study);
    }

    @Override
    public ReadStream<String> metadata(Scope scope) {
        metadataLoads.increment();
        List<String> items = locations.containsKey(studyOnly(scope)) ? instanceMetadata : List.of();
        return ReactiveBridge.readStream(Vertx.currentContext(), Flux.fromIterable(items), STREAM_BATCH);
    }

    @Override
    public Future<StoreResult> recordInstance(InstanceRecord record) {
        return Future.succeededFuture(new StoreResult(StoreResult.Outcome.STORED, record.studyInstanceUid(),
            record.seriesInstanceUid(), record.sopInstanceUid(), null));
    }

    private static String studyOnly(Scope scope) {
        if (scope.seriesInstanceUid() != null) {
            throw new IllegalArgumentException("the cache benchmark's index holds study scopes only: " + scope);
        }
        return scope.studyInstanceUid();
    }

    @Override
    public ReadStream<Dataset> query(IndexQuery query) {
        throw new UnsupportedOperationException("queries are not cached and not part of the cache benchmark");
    }

    @Override
    public ReadStream<InstanceLocation> allLocations() {
        throw new UnsupportedOperationException("not part of the cache benchmark");
    }

    @Override
    public Future<List<InstanceLocation>> delete(Scope scope) {
        return Future.failedFuture(new UnsupportedOperationException("not part of the cache benchmark"));
    }

    @Override
    public Future<Set<String>> indexedBlobKeys(Collection<String> blobKeys) {
        return Future.failedFuture(new UnsupportedOperationException("not part of the cache benchmark"));
    }
}
