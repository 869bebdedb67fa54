package io.sagitta.server.dimse;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.EventLoop;
import io.sagitta.core.data.TransferSyntax;
import io.sagitta.core.io.UncompressedTranscoder;
import io.sagitta.core.net.channel.Association;
import io.sagitta.core.net.channel.AssociationOptions;
import io.sagitta.core.net.channel.AssociationRequest;
import io.sagitta.core.net.channel.DicomClient;
import io.sagitta.core.net.dimse.DimseCommand;
import io.sagitta.core.net.dimse.Status;
import io.sagitta.core.net.service.DimseException;
import io.sagitta.core.net.service.DimseStatus;
import io.sagitta.core.net.service.MoveRequest;
import io.sagitta.core.net.service.MoveService;
import io.sagitta.core.net.service.SubOperationStore;
import io.sagitta.core.net.service.TranscodingDatasetSource;
import io.sagitta.server.config.PeerAddress;
import io.sagitta.storage.index.IndexUnavailableException;
import io.sagitta.storage.index.InstanceLocation;
import io.sagitta.storage.index.Scope;
import io.sagitta.storage.store.InstanceStore;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The sub-operations of one C-MOVE or C-GET: find the instances, open one association to the destination (C-MOVE;
 * a C-GET sends back over its own association), send one instance per step (as stored, or transcoded between
 * uncompressed syntaxes when the peer refused the stored one), release when done or cancelled. All state is
 * confined to one Vert.x context on the event loop of the C-MOVE's association (the destination association runs
 * on that loop too).
 */
final class RetrieveTransfer implements MoveService.SubOperations {

    private static final System.Logger LOG = System.getLogger(RetrieveTransfer.class.getName());
    /** PS3.8: presentation context ids are odd numbers 1..255. */
    private static final int MAX_CONTEXTS = 128;
    /** What an uncompressed instance may be transcoded to when its stored syntax is refused, preferred first. */
    private static final List<String> TRANSCODE_TARGETS = List.of(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid(),
        TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN.uid());

    private final Context context;
    private final EventLoop loop;
    private final InstanceStore store;
    private final String aeTitle;
    private final PeerAddress peer;
    private final AssociationOptions clientOptions;
    private final String originatorAeTitle;
    private final int originatorMessageId;
    private final Supplier<Future<List<Scope>>> scopes;
    /** C-GET: the association the request came on; null for a C-MOVE. */
    private final SubOperationStore getStores;
    /** Told of each instance sent whole (a sub-operation answered with success or warning). */
    private final Consumer<InstanceLocation> sent;

    private List<InstanceLocation> instances;
    private int next;
    private int completed;
    private int failed;
    private int warning;
    private final List<String> failedUids = new ArrayList<>();
    private Association destination;
    private boolean stepping;
    private boolean cancelled;
    private boolean closed;

    RetrieveTransfer(Context context, EventLoop loop, InstanceStore store, String aeTitle, PeerAddress peer,
                 AssociationOptions clientOptions, MoveRequest request, Supplier<Future<List<Scope>>> scopes,
                 Consumer<InstanceLocation> sent) {
        this(context, loop, store, aeTitle, peer, clientOptions, request.callingAeTitle(), request.messageId(), scopes,
            null, sent);
    }

    /** A C-GET's sub-operations, sent with {@code stores}. */
    RetrieveTransfer(Context context, InstanceStore store, Supplier<Future<List<Scope>>> scopes, SubOperationStore stores,
                 Consumer<InstanceLocation> sent) {
        this(context, null, store, null, null, null, null, -1, scopes, stores, sent);
    }

    private RetrieveTransfer(Context context, EventLoop loop, InstanceStore store, String aeTitle, PeerAddress peer,
                         AssociationOptions clientOptions, String originatorAeTitle, int originatorMessageId,
                         Supplier<Future<List<Scope>>> scopes, SubOperationStore getStores,
                         Consumer<InstanceLocation> sent) {
        this.sent = sent;
        this.context = context;
        this.loop = loop;
        this.store = store;
        this.aeTitle = aeTitle;
        this.peer = peer;
        this.clientOptions = clientOptions;
        this.originatorAeTitle = originatorAeTitle;
        this.originatorMessageId = originatorMessageId;
        this.scopes = scopes;
        this.getStores = getStores;
    }

    @Override
    public CompletionStage<MoveService.Progress> next() {
        CompletableFuture<MoveService.Progress> result = new CompletableFuture<>();
        onContext(() -> {
            stepping = true;
            Future<Void> step = instances == null ? start() : subOperation();
            step.recover(e -> {
                // Nothing is sent any more: close the destination association before the final response.
                cancelled = true;
                return closeDestination().transform(ignored -> Future.failedFuture(e));
            }).compose(v -> cancelled || remaining() == 0 ? closeDestination() : Future.succeededFuture())
                .onComplete(ar -> {
                    stepping = false;
                    if (ar.succeeded()) {
                        result.complete(progress());
                    } else {
                        result.completeExceptionally(failure(ar.cause()));
                    }
                });
        });
        return result;
    }

    @Override
    public void cancel() {
        onContext(() -> {
            cancelled = true;
            if (!stepping) {
                closeDestination();
            }
        });
    }

    private int remaining() {
        return instances == null ? 0 : instances.size() - next;
    }

    private MoveService.Progress progress() {
        return new MoveService.Progress(remaining(), completed, failed, warning, failedUids);
    }

    // ------------------------------------------------------------------ steps

    /** Finds the instances and opens the association; if it cannot be opened, every sub-operation fails. */
    private Future<Void> start() {
        return scopes.get().compose(this::locate).compose(found -> {
            instances = found;
            if (found.isEmpty() || cancelled || getStores != null) {
                return Future.succeededFuture();
            }
            // Sockets of the loop's kind: Vert.x's transport (epoll where it loads, else NIO).
            DicomClient client = DicomClient.create(loop,
                ((ContextInternal) context).owner().transport().channelFactory(false), clientOptions);
            return Future.fromCompletionStage(client.connect(peer.host(), peer.port(), associationRequest(found)), context)
                .transform(ar -> {
                    if (ar.succeeded()) {
                        destination = ar.result();
                    } else {
                        LOG.log(System.Logger.Level.WARNING, "C-MOVE to " + peer.aeTitle() + " at " + peer.host() + ":"
                            + peer.port() + ": cannot open an association: " + ar.cause());
                        for (; next < instances.size(); next++) {
                            fail(instances.get(next));
                        }
                    }
                    return Future.succeededFuture();
                });
        });
    }

    /** The instances in scope, each once, in scope order. */
    private Future<List<InstanceLocation>> locate(List<Scope> scopeList) {
        Map<String, InstanceLocation> found = new LinkedHashMap<>();
        Future<Void> chain = Future.succeededFuture();
        for (Scope scope : scopeList) {
            chain = chain.compose(v -> store.index().locations(scope).map(list -> {
                for (InstanceLocation location : list) {
                    found.putIfAbsent(location.sopInstanceUid(), location);
                }
                return null;
            }));
        }
        return chain.map(v -> List.copyOf(found.values()));
    }

    /**
     * One presentation context per SOP class and transfer syntax, each with that syntax alone: the stored syntaxes,
     * and for a SOP class with an uncompressed instance explicit and implicit VR little endian as well, so that a
     * destination refusing the stored syntax can still be sent a transcoded copy. Past 128 contexts the rest are
     * left out (their instances fail unless a context proposed for them is accepted).
     */
    private AssociationRequest associationRequest(List<InstanceLocation> found) {
        AssociationRequest rq = AssociationRequest.create(peer.aeTitle(), aeTitle);
        Set<String> proposed = new LinkedHashSet<>();
        for (InstanceLocation location : found) {
            propose(rq, proposed, location.sopClassUid(), location.transferSyntaxUid());
        }
        for (InstanceLocation location : found) {
            for (String target : TRANSCODE_TARGETS) {
                if (UncompressedTranscoder.canTranscode(location.transferSyntaxUid(), target)) {
                    propose(rq, proposed, location.sopClassUid(), target);
                }
            }
        }
        return rq;
    }

    private static void propose(AssociationRequest rq, Set<String> proposed, String sopClassUid, String syntax) {
        if (proposed.size() < MAX_CONTEXTS && proposed.add(sopClassUid + "|" + syntax)) {
            rq.propose(sopClassUid, syntax);
        }
    }

    /**
     * The syntax to send an instance in: the stored one when the peer accepted it, else explicit or implicit VR
     * little endian transcoded from it (uncompressed only), else null (the sub-operation fails).
     */
    private String sendSyntax(InstanceLocation location) {
        String stored = location.transferSyntaxUid();
        if (accepts(location.sopClassUid(), stored)) {
            return stored;
        }
        for (String target : TRANSCODE_TARGETS) {
            if (UncompressedTranscoder.canTranscode(stored, target) && accepts(location.sopClassUid(), target)) {
                return target;
            }
        }
        return null;
    }

    private boolean accepts(String sopClassUid, String syntax) {
        return getStores != null ? getStores.accepts(sopClassUid, syntax)
            : destination.presentationContext(sopClassUid, syntax) >= 0;
    }

    /** One C-STORE, transcoded when the peer did not take the stored syntax; its outcome is counted, never fails the step. */
    private Future<Void> subOperation() {
        InstanceLocation location = instances.get(next++);
        String syntax = sendSyntax(location);
        if (syntax == null) {
            LOG.log(System.Logger.Level.DEBUG, "sub-operation " + location.sopInstanceUid() + ": no accepted context for "
                + location.sopClassUid() + " in " + location.transferSyntaxUid() + " or a syntax it converts to");
            fail(location);
            return Future.succeededFuture();
        }
        return BlobDatasetSource.open(store.blobs(), location)
            .map(data -> syntax.equals(location.transferSyntaxUid()) ? data : TranscodingDatasetSource.of(data,
                TransferSyntax.of(location.transferSyntaxUid()), TransferSyntax.of(syntax), ByteBufAllocator.DEFAULT))
            .compose(data -> Future.fromCompletionStage(getStores != null
                ? getStores.store(location.sopClassUid(), location.sopInstanceUid(), syntax, data)
                : destination.store(location.sopClassUid(), location.sopInstanceUid(), syntax,
                    data, originatorAeTitle, originatorMessageId), context))
            .transform(ar -> {
                if (ar.failed()) {
                    LOG.log(System.Logger.Level.DEBUG, "sub-operation " + location.sopInstanceUid() + ": " + ar.cause());
                    fail(location);
                } else {
                    DimseCommand rsp = ar.result();
                    switch (Status.category(rsp.status())) {
                        case SUCCESS -> {
                            completed++;
                            sent.accept(location);
                        }
                        case WARNING -> {
                            warning++;
                            sent.accept(location);
                        }
                        default -> fail(location);
                    }
                }
                return Future.succeededFuture();
            });
    }

    /** The one place where a failed step becomes a C-MOVE status (sub-operation failures are only counted). */
    static Throwable failure(Throwable error) {
        if (error instanceof DimseException) {
            return error;
        }
        if (error instanceof IndexUnavailableException) {
            return new DimseException(DimseStatus.of(Status.OUT_OF_RESOURCES_NUMBER_OF_MATCHES, "index unavailable"), error);
        }
        return new DimseException(DimseStatus.of(Status.UNABLE_TO_PROCESS, "cannot find the instances"), error);
    }

    private void fail(InstanceLocation location) {
        failed++;
        failedUids.add(location.sopInstanceUid());
    }

    private Future<Void> closeDestination() {
        if (closed || destination == null) {
            closed = true;
            return Future.succeededFuture();
        }
        closed = true;
        return Future.fromCompletionStage(destination.release(), context).otherwiseEmpty();
    }

    private void onContext(Runnable action) {
        if (Vertx.currentContext() == context) {
            action.run();
        } else {
            context.runOnContext(v -> action.run());
        }
    }

}
