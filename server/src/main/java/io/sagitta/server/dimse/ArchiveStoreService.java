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
import io.vertx.core.Future;
import io.vertx.core.internal.buffer.BufferInternal;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * C-STORE onto the archive's one store path: each received fragment goes to the
 * {@link InstanceWriter} as it arrives, and the response is sent once the instance is durable and
 * indexed. The statuses of PS3.4 B.2.3 are chosen here, in one place for the DIMSE door.
 */
public final class ArchiveStoreService implements StoreService {

    private static final Logger LOG = LoggerFactory.getLogger(ArchiveStoreService.class);

    private final InstanceStore store;

    public ArchiveStoreService(InstanceStore store) {
        this.store = store;
    }

    @Override
    public StoreReceiver store(StoreRequest request) {
        InstanceWriter writer = store.begin(request.sopClassUid(), request.sopInstanceUid(), request.transferSyntax());
        return new StoreReceiver() {
            @Override
            public CompletionStage<?> onData(ByteBuf fragment, boolean last) {
                Future<Void> written;
                try {
                    // Wrapped, not copied; released once the blob store is done with it.
                    written = writer.write(BufferInternal.buffer(fragment));
                } catch (RuntimeException e) {
                    written = Future.failedFuture(e);
                }
                return written
                    .andThen(ignored -> fragment.release())
                    .recover(failure -> writer.abort().transform(ignored -> Future.failedFuture(
                        new DimseException(statusOf(failure, request), failure))))
                    .toCompletionStage();
            }

            @Override
            public CompletionStage<DimseStatus> end() {
                return writer.finish()
                    .map(stored -> {
                        LOG.info("stored {} from {}: {}", request.sopInstanceUid(), request.callingAeTitle(),
                            stored.outcome().name().toLowerCase());
                        return DimseStatus.SUCCESS;
                    })
                    .recover(failure -> Future.succeededFuture(statusOf(failure, request)))
                    .toCompletionStage();
            }

            @Override
            public void onAbort(Throwable cause) {
                writer.abort();
            }
        };
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
            LOG.warn("cannot store {} from {}: {}", request.sopInstanceUid(), request.callingAeTitle(),
                failure.getMessage());
            return DimseStatus.of(Status.OUT_OF_RESOURCES, comment("storage unavailable"));
        }
        LOG.error("cannot store {} from {}", request.sopInstanceUid(), request.callingAeTitle(), failure);
        return DimseStatus.of(Status.PROCESSING_FAILURE, comment("internal error"));
    }

    /** Error Comment is LO: 64 characters at most. */
    private static String comment(String text) {
        return text == null ? null : text.length() <= 64 ? text : text.substring(0, 61) + "...";
    }
}
