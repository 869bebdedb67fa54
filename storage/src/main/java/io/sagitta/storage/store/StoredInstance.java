package io.sagitta.storage.store;

import io.sagitta.storage.blob.BlobInfo;
import io.sagitta.storage.index.StoreResult;

/**
 * What storing one instance did: the index's outcome and the blob that now holds the bytes.
 *
 * @param durableNanos from {@link InstanceWriter#finish} to the blob being durable and visible: the
 *     last bytes, fsync and rename, and any writes still queued before them
 * @param indexNanos the index call that recorded the instance, from the request to its answer
 */
public record StoredInstance(StoreResult result, BlobInfo blob, long durableNanos, long indexNanos) {

    public StoreResult.Outcome outcome() {
        return result.outcome();
    }
}
