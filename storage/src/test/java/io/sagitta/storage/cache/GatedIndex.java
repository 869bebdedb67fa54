package io.sagitta.storage.cache;

import io.sagitta.core.data.Dataset;
import io.sagitta.storage.index.IndexQuery;
import io.sagitta.storage.index.InstanceIndex;
import io.sagitta.storage.index.InstanceLocation;
import io.sagitta.storage.index.InstanceRecord;
import io.sagitta.storage.index.Scope;
import io.sagitta.storage.index.StoreResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.streams.ReadStream;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real index that counts the loads the cache makes and can hold the next locations load back
 * until the test releases it, to play a read that races a write.
 */
final class GatedIndex implements InstanceIndex {

    final InstanceIndex index;
    final AtomicInteger locationLoads = new AtomicInteger();
    final AtomicInteger metadataLoads = new AtomicInteger();
    private volatile Promise<List<InstanceLocation>> gate;

    GatedIndex(InstanceIndex index) {
        this.index = index;
    }

    /** The next locations load waits for the returned promise instead of asking the database. */
    Promise<List<InstanceLocation>> holdNextLocations() {
        Promise<List<InstanceLocation>> p = Promise.promise();
        gate = p;
        return p;
    }

    @Override
    public Future<List<InstanceLocation>> locations(Scope scope) {
        locationLoads.incrementAndGet();
        Promise<List<InstanceLocation>> held = gate;
        if (held != null) {
            gate = null;
            return held.future();
        }
        return index.locations(scope);
    }

    @Override
    public ReadStream<String> metadata(Scope scope) {
        metadataLoads.incrementAndGet();
        return index.metadata(scope);
    }

    @Override
    public Future<StoreResult> recordInstance(InstanceRecord record) {
        return index.recordInstance(record);
    }

    @Override
    public ReadStream<Dataset> query(IndexQuery query) {
        return index.query(query);
    }

    @Override
    public Future<List<InstanceLocation>> delete(Scope scope) {
        return index.delete(scope);
    }

    @Override
    public ReadStream<InstanceLocation> allLocations() {
        return index.allLocations();
    }

    @Override
    public Future<Set<String>> indexedBlobKeys(Collection<String> blobKeys) {
        return index.indexedBlobKeys(blobKeys);
    }
}
