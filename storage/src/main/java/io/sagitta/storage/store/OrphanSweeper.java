package io.sagitta.storage.store;

import io.sagitta.storage.blob.BlobPage;
import io.sagitta.storage.blob.BlobStore;
import io.sagitta.storage.blob.ListedBlob;
import io.sagitta.storage.index.InstanceIndex;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Removes orphan blobs: bytes no index row points at, which a crash between "blob durable" and
 * "row written" leaves behind (as do a failed blob delete after an index delete, or a replaced
 * instance's old blob). Walks the blob store page by page, asks the index which of the page's
 * keys it knows, and deletes the others, but only blobs last written longer ago than the minimum
 * age: a younger one may belong to a store whose row is about to be written. Each sweep also
 * removes what interrupted uploads left ({@link BlobStore#sweepTemporary}) past the same age.
 *
 * <p>Everything is asynchronous (the stores list on their worker pools); one sweep runs at a time;
 * a failed sweep is logged and the next one starts over.
 */
public final class OrphanSweeper {

    private static final System.Logger LOG = System.getLogger(OrphanSweeper.class.getName());
    private static final int PAGE = 500;
    private static final int DELETES_AT_ONCE = 8;

    private final Vertx vertx;
    private final BlobStore blobs;
    private final InstanceIndex index;
    private final Duration minAge;
    private final Clock clock;
    private final int pageSize;
    private long timer = -1;
    private boolean running;

    private OrphanSweeper(Vertx vertx, BlobStore blobs, InstanceIndex index, Duration minAge, Clock clock, int pageSize) {
        this.vertx = vertx;
        this.pageSize = pageSize;
        this.blobs = blobs;
        this.index = index;
        this.minAge = minAge;
        this.clock = clock;
    }

    public static OrphanSweeper create(Vertx vertx, BlobStore blobs, InstanceIndex index, Duration minAge) {
        return create(vertx, blobs, index, minAge, Clock.systemUTC(), PAGE);
    }

    static OrphanSweeper create(Vertx vertx, BlobStore blobs, InstanceIndex index, Duration minAge, Clock clock, int pageSize) {
        if (minAge.isNegative()) {
            throw new IllegalArgumentException("minimum age must not be negative: " + minAge);
        }
        return new OrphanSweeper(vertx, blobs, index, minAge, clock, pageSize);
    }

    /** Sweeps after {@code firstDelay}, then every {@code interval}, until {@link #stop()}. */
    public void start(Duration firstDelay, Duration interval) {
        vertx.runOnContext(v -> timer = vertx.setTimer(Math.max(1, firstDelay.toMillis()), id -> {
            sweepLogged();
            timer = vertx.setPeriodic(Math.max(1, interval.toMillis()), periodic -> sweepLogged());
        }));
    }

    /** No further sweeps start; one in progress finishes its current page and the rest of it. */
    public void stop() {
        vertx.runOnContext(v -> {
            if (timer >= 0) {
                vertx.cancelTimer(timer);
            }
        });
    }

    private void sweepLogged() {
        if (running) {
            return;
        }
        running = true;
        sweep().onComplete(ar -> {
            running = false;
            if (ar.failed()) {
                LOG.log(System.Logger.Level.WARNING, "orphan sweep failed, will run again: " + ar.cause());
            } else {
                SweepReport r = ar.result();
                LOG.log(r.orphans() > 0 || r.temporary() > 0 ? System.Logger.Level.INFO : System.Logger.Level.DEBUG,
                    "orphan sweep: " + r.listed() + " blobs listed, " + r.old() + " older than " + minAge + ", "
                        + r.orphans() + " orphans, " + r.deleted() + " deleted, " + r.failed() + " failed; "
                        + r.temporary() + " interrupted uploads removed");
            }
        });
    }

    /** One sweep over the whole store (its steps run on one Vert.x context, in order). */
    public Future<SweepReport> sweep() {
        Promise<SweepReport> done = Promise.promise();
        vertx.getOrCreateContext().runOnContext(v -> {
            Instant cutoff = clock.instant().minus(minAge);
            long[] counts = new long[5];
            page(null, cutoff, counts)
                .compose(ignored -> blobs.sweepTemporary(minAge))
                .map(temporary -> new SweepReport(counts[0], counts[1], counts[2], counts[3], counts[4], temporary))
                .onComplete(done);
        });
        return done.future();
    }

    private Future<Void> page(String startAfter, Instant cutoff, long[] counts) {
        return blobs.list(startAfter, pageSize).compose(page -> {
            List<String> old = new ArrayList<>();
            for (ListedBlob blob : page.blobs()) {
                if (blob.lastModified() != null && blob.lastModified().isBefore(cutoff)) {
                    old.add(blob.key());
                }
            }
            counts[0] += page.blobs().size();
            counts[1] += old.size();
            return index.indexedBlobKeys(old)
                .compose(indexed -> deleteOrphans(old, indexed, counts))
                .compose(v -> page.next() == null ? Future.<Void>succeededFuture() : page(page.next(), cutoff, counts));
        });
    }

    private Future<Void> deleteOrphans(List<String> old, Set<String> indexed, long[] counts) {
        List<String> orphans = new ArrayList<>();
        for (String key : old) {
            if (!indexed.contains(key)) {
                orphans.add(key);
            }
        }
        counts[2] += orphans.size();
        return deleteFrom(orphans, 0, counts);
    }

    private Future<Void> deleteFrom(List<String> orphans, int from, long[] counts) {
        if (from >= orphans.size()) {
            return Future.succeededFuture();
        }
        int to = Math.min(orphans.size(), from + DELETES_AT_ONCE);
        List<Future<Boolean>> batch = new ArrayList<>();
        for (String key : orphans.subList(from, to)) {
            batch.add(blobs.delete(key).andThen(ar -> {
                if (ar.succeeded()) {
                    counts[3]++;
                } else {
                    counts[4]++;
                    LOG.log(System.Logger.Level.WARNING, "orphan blob " + key + " could not be deleted: " + ar.cause());
                }
            }));
        }
        return Future.join(batch).transform(ignored -> deleteFrom(orphans, to, counts));
    }
}
