package io.sagitta.core.net.channel;

import io.netty.buffer.ByteBuf;
import io.sagitta.core.data.TransferSyntax;
import io.sagitta.core.data.UID;
import io.sagitta.core.net.assoc.AcceptorPolicy;
import io.sagitta.core.net.assoc.AssociationNegotiation;
import io.sagitta.core.net.assoc.NegotiationResult;
import io.sagitta.core.net.dimse.CommandField;
import io.sagitta.core.net.dimse.DimseCommand;
import io.sagitta.core.net.dimse.Priority;
import io.sagitta.core.net.dimse.Status;
import io.sagitta.core.net.pdu.AAssociateRj;
import io.sagitta.core.net.pdu.AAssociateRq;
import io.sagitta.core.net.pdu.PresentationContextAc;
import io.sagitta.core.net.pdu.PresentationContextRq;
import io.sagitta.core.net.pdu.RoleSelection;
import io.sagitta.core.net.service.AssociationInfo;
import io.sagitta.core.net.service.DatasetSource;
import io.sagitta.core.net.service.DimseDataHandler;
import io.sagitta.core.net.service.DimseServices;
import io.sagitta.core.net.service.DimseStatus;
import io.sagitta.core.net.service.DimseStatuses;
import io.sagitta.core.net.service.DimseException;
import io.sagitta.core.net.service.FindService;
import io.sagitta.core.net.service.GetRequest;
import io.sagitta.core.net.service.GetService;
import io.sagitta.core.net.service.MoveRequest;
import io.sagitta.core.net.service.MoveService;
import io.sagitta.core.net.service.QueryRetrieveModel;
import io.sagitta.core.net.service.StoreRequest;
import io.sagitta.core.net.service.StoreService;
import io.sagitta.core.net.service.SubOperationStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The acceptor's half of an association: negotiation (with the shared association limit) and dispatch of
 * DIMSE requests to the {@link DimseServices}. One per connection; event loop only.
 */
final class AcceptorSide implements AssociationUser {

    private static final System.Logger LOG = System.getLogger(AcceptorSide.class.getName());
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private final AcceptorPolicy policy;
    private final DimseServices services;
    private final AssociationLimiter limiter;
    private final String id;
    private final AssociationListener listener;
    private boolean holdsSlot;
    private AssociationHandler association;
    private AssociationInfo info;
    private int inProgress;
    /** C-GET sub-operations awaiting their C-STORE-RSP, by the Message ID we gave them. */
    private final Map<Integer, CompletableFuture<DimseCommand>> subOperationStores = new HashMap<>();
    private int nextMessageId = 1;
    private boolean ended;
    /** C-FINDs, C-MOVEs and C-GETs in progress by Message ID, for C-CANCEL-RQ. */
    private final Map<Integer, CancellableOperation> operations = new HashMap<>();

    AcceptorSide(AcceptorPolicy policy, DimseServices services, AssociationLimiter limiter, String id,
                 AssociationListener listener) {
        this.policy = policy;
        this.services = services;
        this.limiter = limiter;
        this.id = id;
        this.listener = listener;
    }

    @Override
    public NegotiationResult negotiate(AAssociateRq rq) {
        if (!limiter.tryAcquire()) {
            NegotiationResult.Rejected busy = new NegotiationResult.Rejected(new AAssociateRj(
                AAssociateRj.RESULT_REJECTED_TRANSIENT, AAssociateRj.SOURCE_SERVICE_PROVIDER_PRESENTATION,
                AAssociateRj.PRESENTATION_LOCAL_LIMIT_EXCEEDED), limiter.max() + " associations already");
            tell(() -> listener.rejected(id, rq, busy.reason()));
            return busy;
        }
        holdsSlot = true;
        long peerMax = rq.userInformation().maxPduLength();
        NegotiationResult result = peerMax != 0 && peerMax < 64
            ? new NegotiationResult.Rejected(new AAssociateRj(AAssociateRj.RESULT_REJECTED_PERMANENT,
                AAssociateRj.SOURCE_SERVICE_USER, AAssociateRj.USER_NO_REASON_GIVEN), "maximum PDU length " + peerMax)
            : AssociationNegotiation.negotiate(rq, policy);
        if (result instanceof NegotiationResult.Rejected rejected) {
            releaseSlot();
            tell(() -> listener.rejected(id, rq, rejected.reason()));
        }
        return result;
    }

    @Override
    public void established(AssociationHandler association) {
        this.association = association;
        this.info = new AssociationInfo(association.request(), association.accept(), association.remoteAddress(), id);
        tell(() -> listener.established(info));
    }

    @Override
    public boolean busy() {
        return inProgress > 0;
    }

    @Override
    public void closed(Throwable cause) {
        releaseSlot();
        ended = true;
        if (info != null) {
            tell(() -> listener.closed(info, cause));
        }
        for (CompletableFuture<DimseCommand> store : new ArrayList<>(subOperationStores.values())) {
            store.completeExceptionally(new AssociationAbortedException("association ended"));
        }
        subOperationStores.clear();
        for (CancellableOperation operation : new ArrayList<>(operations.values())) {
            operation.abandon();
        }
    }

    /** A listener's failure is its own: it must not change the association. */
    private static void tell(Runnable event) {
        try {
            event.run();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "association listener failed", e);
        }
    }

    private void releaseSlot() {
        if (holdsSlot) {
            holdsSlot = false;
            limiter.release();
        }
    }

    @Override
    public DimseDataHandler onCommand(int pc, DimseCommand command) {
        CommandField field = command.commandField();
        switch (field) {
            case C_ECHO_RQ -> {
                if (!UID.Verification.equals(info.abstractSyntax(pc))) {
                    return respondAfter(pc, command, DimseStatus.of(Status.SOP_CLASS_NOT_SUPPORTED));
                }
                inProgress++;
                services.echo().echo(info, command).whenComplete((status, error) ->
                    onLoop(() -> finish(pc, command, status, error)));
                return null;
            }
            case C_STORE_RQ -> {
                StoreService store = services.store();
                if (store == null || !command.affectedSopClassUid().equals(info.abstractSyntax(pc))) {
                    // Not negotiated for storage, or a SOP class other than the context's (PS3.7 9.1.1.1).
                    return respondAfter(pc, command, DimseStatus.of(Status.SOP_CLASS_NOT_SUPPORTED));
                }
                if (!command.hasDataSet()) {
                    return respondAfter(pc, command, DimseStatus.of(Status.CANNOT_UNDERSTAND, "no data set"));
                }
                inProgress++;
                StoreRequest request = new StoreRequest(info, pc, command, TransferSyntax.of(info.transferSyntax(pc)));
                return new StoreReception(store.store(request), this::onLoop, new StoreReception.Outcome() {
                    @Override
                    public void respond(DimseStatus status, Throwable error) {
                        finish(pc, command, status, error);
                    }

                    @Override
                    public void abandoned() {
                        inProgress--;
                    }
                });
            }
            case C_FIND_RQ -> {
                FindService find = services.find();
                QueryRetrieveModel model = QueryRetrieveModel.ofFind(command.affectedSopClassUid());
                return queryRetrieve(pc, command, find != null && model != null, ts ->
                    new FindOperation(this, association, info, find, pc, command, ts, model));
            }
            case C_MOVE_RQ -> {
                MoveService move = services.move();
                QueryRetrieveModel model = QueryRetrieveModel.ofMove(command.affectedSopClassUid());
                return queryRetrieve(pc, command, move != null && model != null, ts ->
                    new RetrieveOperation(this, pc, command, ts, identifier ->
                        move.move(new MoveRequest(info, pc, command, ts, model, identifier, association.executor()))));
            }
            case C_GET_RQ -> {
                GetService get = services.get();
                QueryRetrieveModel model = QueryRetrieveModel.ofGet(command.affectedSopClassUid());
                return queryRetrieve(pc, command, get != null && model != null, ts ->
                    new RetrieveOperation(this, pc, command, ts, identifier ->
                        get.get(new GetRequest(info, pc, command, ts, model, identifier, association.executor(),
                            subOperationStores()))));
            }
            case C_CANCEL_RQ -> {
                // C-CANCEL has no response; one for an operation that already ended is ignored (PS3.7 9.3.2.3).
                CancellableOperation operation = operations.get(command.messageIdBeingRespondedTo());
                if (operation != null) {
                    operation.cancel();
                }
                return command.hasDataSet() ? Discard.INSTANCE : null;
            }
            case C_STORE_RSP -> {
                // A C-GET sub-operation answered.
                CompletableFuture<DimseCommand> store = subOperationStores.remove(command.messageIdBeingRespondedTo());
                if (store != null) {
                    store.complete(command);
                }
                return command.hasDataSet() ? Discard.INSTANCE : null;
            }
            default -> {
                // Any other response: this side issues no other requests, so it answers nothing.
                LOG.log(System.Logger.Level.DEBUG, "unsolicited " + command + " from " + info.callingAeTitle());
                return command.hasDataSet() ? Discard.INSTANCE : null;
            }
        }
    }

    /** A C-FIND ends with its final response. */
    void findEnded(FindOperation find, int pc, DimseCommand request, DimseStatus status, Throwable error) {
        operations.remove(find.messageId(), find);
        finish(pc, request, status, error);
    }

    private SubOperationStore subOperationStores() {
        return new SubOperationStore() {
            @Override
            public boolean accepts(String sopClassUid, String transferSyntaxUid) {
                return scpRoleContext(sopClassUid, transferSyntaxUid) >= 0;
            }

            @Override
            public CompletionStage<DimseCommand> store(String sopClassUid, String sopInstanceUid,
                                                       String transferSyntaxUid, DatasetSource data) {
                return subOperationStore(sopClassUid, sopInstanceUid, transferSyntaxUid, data);
            }
        };
    }

    /** Sends a C-STORE-RQ of a C-GET on a context where the requestor took the SCP role; see {@link SubOperationStore}. */
    private CompletionStage<DimseCommand> subOperationStore(String sopClassUid, String sopInstanceUid,
                                                            String transferSyntaxUid, DatasetSource data) {
        CompletableFuture<DimseCommand> result = new CompletableFuture<>();
        onLoop(() -> {
            int pc = scpRoleContext(sopClassUid, transferSyntaxUid);
            if (pc < 0 || ended) {
                data.close();
                result.completeExceptionally(new DimseException(Status.SOP_CLASS_NOT_SUPPORTED, pc < 0
                    ? "no presentation context with the SCP role for " + sopClassUid + " in " + transferSyntaxUid
                    : "association ended"));
                return;
            }
            int id = nextMessageId;
            nextMessageId = nextMessageId == 0xFFFF ? 1 : nextMessageId + 1;
            subOperationStores.put(id, result);
            association.send(pc, DimseCommand.cStoreRq(id, sopClassUid, sopInstanceUid, Priority.MEDIUM), data)
                .whenComplete((v, e) -> onLoop(() -> {
                    if (e != null) {
                        if (subOperationStores.remove(id, result)) {
                            result.completeExceptionally(e);
                        }
                    } else if (!result.isDone() && !association.options().dimseResponseTimeout().isZero()) {
                        // The idle timeout sleeps while we wait: a requestor that never answers is aborted here.
                        var timer = association.schedule(() -> {
                            if (subOperationStores.remove(id, result)) {
                                result.completeExceptionally(new java.util.concurrent.TimeoutException(
                                    "no C-STORE-RSP within " + association.options().dimseResponseTimeout()));
                                association.abort(new AssociationAbortedException("DIMSE response timeout"));
                            }
                        }, association.options().dimseResponseTimeout());
                        result.whenComplete((rsp, error) -> timer.cancel(false));
                    }
                }));
        });
        return result;
    }

    private int scpRoleContext(String sopClassUid, String transferSyntaxUid) {
        RoleSelection role = info.accept().userInformation().roleSelection(sopClassUid);
        if (role == null || !role.scp()) {
            return -1;
        }
        for (PresentationContextRq pc : info.request().presentationContexts()) {
            PresentationContextAc answer = info.accept().presentationContext(pc.id());
            if (pc.abstractSyntax().equals(sopClassUid) && answer != null && answer.isAccepted()
                && answer.transferSyntax().equals(transferSyntaxUid)) {
                return pc.id();
            }
        }
        return -1;
    }

    CompletableFuture<Void> send(int pc, DimseCommand command, DatasetSource data) {
        return association.send(pc, command, data);
    }

    /** A C-MOVE or C-GET ends with its final response, built by the operation (counts, failed list). */
    void operationEnded(CancellableOperation operation, int pc, DimseCommand response, DatasetSource identifier) {
        operations.remove(operation.messageId(), operation);
        inProgress--;
        association.send(pc, response, identifier);
    }

    /** A C-FIND or C-MOVE was dropped with the association. */
    void operationAbandoned(CancellableOperation operation) {
        if (operations.remove(operation.messageId(), operation)) {
            inProgress--;
        }
    }

    /** Runs on the association's event loop: at once when already there (keeping call order), else queued. */
    void onLoop(Runnable task) {
        if (association.executor().inEventLoop()) {
            task.run();
        } else {
            try {
                association.executor().execute(task);
            } catch (java.util.concurrent.RejectedExecutionException shutDown) {
                // The event loop is gone, and the association with it.
            }
        }
    }

    /** Answers {@code status} at once, or after discarding the data set the command announced. */
    /**
     * The checks every C-FIND, C-MOVE and C-GET passes before it starts: a service for its SOP
     * class on this context, an identifier, a Message ID not already in use.
     */
    private <T extends DimseDataHandler & CancellableOperation> DimseDataHandler queryRetrieve(
            int pc, DimseCommand command, boolean supported, java.util.function.Function<TransferSyntax, T> start) {
        if (!supported || !command.affectedSopClassUid().equals(info.abstractSyntax(pc))) {
            return respondAfter(pc, command, DimseStatus.of(Status.SOP_CLASS_NOT_SUPPORTED));
        }
        if (!command.hasDataSet()) {
            return respondAfter(pc, command, DimseStatus.of(Status.UNABLE_TO_PROCESS, "no identifier"));
        }
        if (operations.containsKey(command.messageId())) {
            return respondAfter(pc, command, DimseStatus.of(Status.DUPLICATE_INVOCATION));
        }
        inProgress++;
        T operation = start.apply(TransferSyntax.of(info.transferSyntax(pc)));
        operations.put(command.messageId(), operation);
        return operation;
    }

    private DimseDataHandler respondAfter(int pc, DimseCommand command, DimseStatus status) {
        inProgress++;
        if (!command.hasDataSet()) {
            finish(pc, command, status, null);
            return null;
        }
        return (fragment, last) -> {
            fragment.release();
            if (last) {
                finish(pc, command, status, null);
            }
            return DONE;
        };
    }

    private void finish(int pc, DimseCommand request, DimseStatus status, Throwable error) {
        inProgress--;
        DimseStatus outcome = error != null ? DimseStatuses.of(error) : status != null ? status
            : DimseStatus.of(Status.PROCESSING_FAILURE);
        DimseCommand response = DimseCommand.response(request, outcome.code(), false);
        if (outcome.errorComment() != null) {
            response = response.withErrorComment(outcome.errorComment());
        }
        association.send(pc, response, null);
    }

    /** Drops a data set nobody wants. */
    private enum Discard implements DimseDataHandler {
        INSTANCE;

        @Override
        public CompletionStage<?> onData(ByteBuf fragment, boolean last) {
            fragment.release();
            return DONE;
        }
    }
}
