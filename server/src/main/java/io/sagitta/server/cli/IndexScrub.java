package io.sagitta.server.cli;

import io.sagitta.storage.blob.BlobStore;
import io.sagitta.storage.index.InstanceIndex;
import io.sagitta.storage.index.InstanceLocation;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.streams.ReadStream;
import java.util.function.Consumer;

/**
 * Walks every indexed instance ({@link InstanceIndex#allLocations()}, streamed, never all rows at
 * once) and checks its blob, at most {@code parallelism} blobs at a time: the index stream is paused
 * while that many checks are in flight. Everything runs on one Vert.x context, so the counters
 * need no locks; the blob reads themselves run on the blob store's worker pool.
 */
final class IndexScrub {

    private final Context context;
    private final InstanceIndex index;
    private final BlobStore blobs;
    private final int parallelism;
    private final Consumer<BlobCheck.Finding> findings;
    private final Promise<Void> done = Promise.promise();
    private ReadStream<InstanceLocation> stream;
    private int inFlight;
    private boolean paused;
    private boolean ended;

    private IndexScrub(Vertx vertx, InstanceIndex index, BlobStore blobs, int parallelism, Consumer<BlobCheck.Finding> findings) {
        this.context = vertx.getOrCreateContext();
        this.index = index;
        this.blobs = blobs;
        this.parallelism = parallelism;
        this.findings = findings;
    }

    /**
     * Checks every instance, handing each finding (intact ones included) to {@code findings} on the
     * scrub's context; completes when all are checked, fails when the index cannot be read.
     */
    static Future<Void> run(Vertx vertx, InstanceIndex index, BlobStore blobs, int parallelism,
                            Consumer<BlobCheck.Finding> findings) {
        IndexScrub scrub = new IndexScrub(vertx, index, blobs, parallelism, findings);
        scrub.context.runOnContext(v -> scrub.start());
        return scrub.done.future();
    }

    private void start() {
        stream = index.allLocations();
        stream.exceptionHandler(failure -> done.tryFail(failure));
        stream.endHandler(v -> {
            ended = true;
            completeIfDone();
        });
        stream.handler(this::check);
    }

    private void check(InstanceLocation instance) {
        inFlight++;
        if (inFlight >= parallelism && !paused) {
            paused = true;
            stream.pause();
        }
        BlobCheck.check(blobs, instance).onComplete(result -> context.runOnContext(v -> {
            inFlight--;
            findings.accept(result.succeeded() ? result.result()
                : new BlobCheck.Finding(instance, BlobCheck.Problem.UNREADABLE, CommandLine.describe(result.cause())));
            if (paused && !ended) {
                paused = false;
                stream.resume();
            }
            completeIfDone();
        }));
    }

    private void completeIfDone() {
        if (ended && inFlight == 0) {
            done.tryComplete();
        }
    }
}
