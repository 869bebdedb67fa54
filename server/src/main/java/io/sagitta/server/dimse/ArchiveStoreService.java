package io.sagitta.server.dimse;

import io.netty.buffer.ByteBuf;
import io.sagitta.core.io.DicomParseException;
import io.sagitta.core.net.dimse.Status;
import io.sagitta.core.net.service.DimseException;
import io.sagitta.core.net.service.DimseStatus;
import io.sagitta.core.net.service.StoreRequest;
import io.sagitta.core.net.service.StoreService;
import io.sagitta.storage.blob.BlobStoreException;
import io.sagitta.storage.index.IndexException;
import io.sagitta.storage.store.InstanceStore;
import io.sagitta.storage.store.InstanceWriter;
import io.sagitta.storage.store.InvalidInstanceException;
import io.sagitta.server.logging.AuditLog;
import io.sagitta.server.logging.Caller;
import io.sagitta.server.logging.LogContext;
import io.sagitta.server.metrics.ArchiveMetrics;
import io.sagitta.storage.index.StoreResult;
import io.vertx.core.Future;
import io.vertx.core.internal.buffer.BufferInternal;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * C-STORE onto the archive's one store path: received fragments go to the {@link InstanceWriter} in
 * batches ({@link ReceivedFragments}, {@link #WRITE_BATCH}), and the response is sent once the instance
 * is durable and indexed. The statuses of PS3.4 B.2.3 are chosen here, in one place for the DIMSE door.
 */
public final class ArchiveStoreService implements StoreService {

    private static final Logger LOG = LoggerFactory.getLogger(ArchiveStoreService.class);

    /**
     * Fragments are handed to the blob store in batches of about this many bytes (a 64 KiB PDU at a time
     * would cost a worker task each); the last batch goes with the commit. Bounds what an association
     * holds in memory beyond one PDU.
     */
    static final int WRITE_BATCH = 256 * 1024;

    private static final CompletionStage<Void> DONE = CompletableFuture.completedFuture(null);

    private final InstanceStore store;
    private final ArchiveMetrics metrics;

    public ArchiveStoreService(InstanceStore store) {
        this(store, ArchiveMetrics.unpublished());
    }

    /** Counts what is stored into {@code metrics}, and writes an audit line per C-STORE. */
    public ArchiveStoreService(InstanceStore store, ArchiveMetrics metrics) {
        this.store = store;
        this.metrics = metrics;
    }

    @Override
    public StoreReceiver store(StoreRequest request) {
        InstanceWriter writer = store.begin(request.sopClassUid(), request.sopInstanceUid(), request.transferSyntax());
        return new StoreReceiver() {
            private final ReceivedFragments received = new ReceivedFragments();
            private boolean audited;

            @Override
            public CompletionStage<?> onData(ByteBuf fragment, boolean last) {
                received.add(fragment);
                if (last || received.bytes() < WRITE_BATCH) {
                    // Held: the last bytes go to the blob store with the commit, in one step (see end()).
                    return DONE;
                }
                ByteBuf batch = received.take();
                // Wrapped, not copied; released once the blob store is done with it.
                return guarded(() -> writer.write(BufferInternal.buffer(batch)))
                    .andThen(ignored -> batch.release())
                    .recover(failure -> writer.abort().transform(ignored -> {
                        DimseStatus status = statusOf(failure, request);
                        failed(status.code());
                        return Future.failedFuture(new DimseException(status, failure));
                    }))
                    .toCompletionStage();
            }

            @Override
            public CompletionStage<DimseStatus> end() {
                ByteBuf rest = received.take();
                return guarded(() -> writer.finish(BufferInternal.buffer(rest)))
                    .andThen(ignored -> rest.release())
                    .map(stored -> {
                        metrics.stored(ArchiveMetrics.StoreDoor.DIMSE, stored.blob().size());
                        metrics.storeRequest(ArchiveMetrics.StoreDoor.DIMSE, ArchiveMetrics.Outcome.SUCCESS);
                        metrics.storePhases(stored.durableNanos(), stored.indexNanos());
                        StoreResult result = stored.result();
                        audited = true;
                        AuditLog.line("store", "dimse", Caller.of(request.association()))
                            .with("study", result.studyInstanceUid())
                            .with("series", result.seriesInstanceUid())
                            .with("instance", result.sopInstanceUid())
                            .with("stored", result.outcome().name().toLowerCase(Locale.ROOT))
                            .with("outcome", "0000")
                            .log();
                        return DimseStatus.SUCCESS;
                    })
                    .recover(failure -> {
                        DimseStatus status = statusOf(failure, request);
                        failed(status.code());
                        return Future.succeededFuture(status);
                    })
                    .toCompletionStage();
            }

            @Override
            public void onAbort(Throwable cause) {
                received.release();
                writer.abort();
                if (!audited) {
                    audited = true;
                    metrics.storeRequest(ArchiveMetrics.StoreDoor.DIMSE, ArchiveMetrics.Outcome.FAILURE);
                    audit(request).with("outcome", "aborted").log();
                }
            }

            private void failed(int status) {
                if (!audited) {
                    audited = true;
                    metrics.storeRequest(ArchiveMetrics.StoreDoor.DIMSE, ArchiveMetrics.Outcome.FAILURE);
                    audit(request).with("outcome", String.format("%04x", status)).log();
                }
            }
        };
    }

    /** The writer's answer, or its exception as a failed future (the buffer is released either way). */
    private static <T> Future<T> guarded(java.util.function.Supplier<Future<T>> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }

    /** The audit line of a C-STORE that stored nothing: the instance as the request names it. */
    private static AuditLog.Line audit(StoreRequest request) {
        return AuditLog.line("store", "dimse", Caller.of(request.association()))
            .with("instance", request.sopInstanceUid());
    }

    /** PS3.4 B.2.3 statuses for what can go wrong on the store path. */
    static DimseStatus statusOf(Throwable failure, StoreRequest request) {
        if (failure instanceof DicomParseException) {
            return DimseStatus.of(Status.CANNOT_UNDERSTAND, comment("cannot parse the data set"));
        }
        if (failure instanceof InvalidInstanceException) {
            return DimseStatus.of(Status.DATA_SET_DOES_NOT_MATCH_SOP_CLASS, comment(failure.getMessage()));
        }
        if (failure instanceof BlobStoreException || failure instanceof IndexException) {
            LOG.atWarn().setMessage("cannot store {} from {}: {}").addArgument(request.sopInstanceUid())
                .addArgument(request.callingAeTitle()).addArgument(failure.getMessage())
                .addKeyValue(LogContext.ASSOCIATION, request.association().id()).log();
            return DimseStatus.of(Status.OUT_OF_RESOURCES, comment("storage unavailable"));
        }
        LOG.atError().setMessage("cannot store {} from {}").addArgument(request.sopInstanceUid())
            .addArgument(request.callingAeTitle()).setCause(failure)
            .addKeyValue(LogContext.ASSOCIATION, request.association().id()).log();
        return DimseStatus.of(Status.PROCESSING_FAILURE, comment("internal error"));
    }

    /** Error Comment is LO: 64 characters at most. */
    private static String comment(String text) {
        return text == null ? null : text.length() <= 64 ? text : text.substring(0, 61) + "...";
    }
}
