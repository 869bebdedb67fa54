package io.sagitta.storage.store;

import io.sagitta.core.data.TransferSyntax;
import io.sagitta.storage.blob.BlobStore;
import io.sagitta.storage.index.InstanceIndex;
import io.sagitta.storage.index.InstanceLocation;
import io.sagitta.storage.index.Scope;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.List;

/**
 * The one store path of the archive, used by C-STORE and STOW-RS alike: the instance's bytes
 * stream into a new blob while its index attributes are picked out on the fly; once the blob is
 * durable, one row is written to the index. A crash in between leaves at most an orphan blob
 * (a sweeper's job), never an index row without its bytes.
 */
public final class InstanceStore {

    private final BlobStore blobs;
    private final InstanceIndex index;
    private final Clock clock;

    private InstanceStore(BlobStore blobs, InstanceIndex index, Clock clock) {
        this.blobs = blobs;
        this.index = index;
        this.clock = clock;
    }

    public static InstanceStore create(BlobStore blobs, InstanceIndex index) {
        return new InstanceStore(blobs, index, Clock.systemUTC());
    }

    static InstanceStore create(BlobStore blobs, InstanceIndex index, Clock clock) {
        return new InstanceStore(blobs, index, clock);
    }

    /**
     * Begins storing an instance whose dataset (without File Meta Information) arrives in
     * {@code syntax}, as a C-STORE delivers it. The blob is written as a Part 10 file: File Meta
     * Information naming the syntax, then the dataset bytes exactly as received.
     */
    public InstanceWriter begin(String sopClassUid, String sopInstanceUid, TransferSyntax syntax) {
        return begin(sopClassUid, sopInstanceUid, syntax, null);
    }

    /**
     * As {@link #begin(String, String, TransferSyntax)}, for a caller that knows which study the
     * instance must belong to (STOW-RS to {@code /studies/{study}}): a dataset with another Study
     * Instance UID fails {@link InstanceWriter#finish()} with {@link InvalidInstanceException},
     * before anything is indexed. Null checks nothing.
     */
    public InstanceWriter begin(String sopClassUid, String sopInstanceUid, TransferSyntax syntax, String expectedStudyUid) {
        return new InstanceWriter(blobs, index, BlobKeyScheme.keyFor(sopInstanceUid, clock.instant()),
            sopClassUid, sopInstanceUid, syntax, expectedStudyUid);
    }

    /**
     * Deletes a study, series or instance, index rows first, then blobs (a blob that cannot be
     * deleted stays as an orphan for the sweeper). Answers what was removed: empty when nothing
     * was there.
     */
    public Future<List<InstanceLocation>> delete(Scope scope) {
        return new InstanceDeletion(blobs, index).delete(scope);
    }

    public BlobStore blobs() {
        return blobs;
    }

    public InstanceIndex index() {
        return index;
    }
}
