package io.sagitta.storage.store;

import io.sagitta.storage.blob.BlobStore;
import io.sagitta.storage.index.InstanceIndex;
import io.sagitta.storage.index.InstanceLocation;
import io.sagitta.storage.index.Scope;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;

/**
 * Deletes a study, series or instance: index rows first (one transaction, which also tells the
 * caches), then the blobs, a few at a time. A blob that cannot be deleted is left as an orphan for
 * the sweeper and logged; the deletion still succeeds, since nothing indexed points at it any more.
 * The other order could leave a row whose bytes are gone.
 */
final class InstanceDeletion {

    private static final System.Logger LOG = System.getLogger(InstanceDeletion.class.getName());
    private static final int BLOBS_AT_ONCE = 8;

    private final BlobStore blobs;
    private final InstanceIndex index;

    InstanceDeletion(BlobStore blobs, InstanceIndex index) {
        this.blobs = blobs;
        this.index = index;
    }

    Future<List<InstanceLocation>> delete(Scope scope) {
        return index.delete(scope).compose(removed -> deleteBlobs(removed, 0).map(removed));
    }

    private Future<Void> deleteBlobs(List<InstanceLocation> removed, int from) {
        if (from >= removed.size()) {
            return Future.succeededFuture();
        }
        int to = Math.min(removed.size(), from + BLOBS_AT_ONCE);
        List<Future<Boolean>> batch = new ArrayList<>(to - from);
        for (InstanceLocation location : removed.subList(from, to)) {
            batch.add(blobs.delete(location.blobKey()).onFailure(failure -> LOG.log(System.Logger.Level.WARNING,
                "blob " + location.blobKey() + " of deleted instance " + location.sopInstanceUid()
                    + " could not be deleted, left to the orphan sweeper: " + failure)));
        }
        return Future.join(batch).transform(ignored -> deleteBlobs(removed, to));
    }
}
