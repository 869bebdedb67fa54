package io.sagitta.storage.store;

import io.sagitta.storage.blob.BlobInfo;
import io.sagitta.storage.index.StoreResult;

/** What storing one instance did: the index's outcome and the blob that now holds the bytes. */
public record StoredInstance(StoreResult result, BlobInfo blob) {

    public StoreResult.Outcome outcome() {
        return result.outcome();
    }
}
