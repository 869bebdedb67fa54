package io.sagitta.core.net.channel;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.concurrent.ScheduledFuture;
import io.sagitta.core.data.Dataset;
import io.sagitta.core.data.Tag;
import io.sagitta.core.data.TransferSyntax;
import io.sagitta.core.data.UID;
import io.sagitta.core.io.DatasetWriter;
import io.sagitta.core.net.dimse.CommandField;
import io.sagitta.core.net.dimse.DimseCommand;
import io.sagitta.core.net.dimse.Priority;
import io.sagitta.core.net.dimse.Status;
import io.sagitta.core.net.pdu.AAssociateAc;
import io.sagitta.core.net.pdu.AAssociateRq;
import io.sagitta.core.net.pdu.PresentationContextAc;
import io.sagitta.core.net.pdu.PresentationContextRq;
import io.sagitta.core.net.pdu.RoleSelection;
import io.sagitta.core.net.service.AssociationInfo;
import io.sagitta.core.net.service.DatasetSource;
import io.sagitta.core.net.service.DimseDataHandler;
import io.sagitta.core.net.service.DimseStatus;
import io.sagitta.core.net.service.DimseStatuses;
import io.sagitta.core.net.service.StoreRequest;
import io.sagitta.core.net.service.StoreService;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;

/** The requestor's half of an association: the {@link Association} API on an {@link AssociationHandler}. */
final class ClientAssociation implements Association, AssociationUser {

    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    /** A final response and the data set that came with it (null when none). */
    private record Reply(DimseCommand command, Dataset dataSet) {
    }

    /** One request, queued or in progress. Its request, context and data are set on the event loop. */
    private static final class Operation {
        final CompletableFuture<Reply> result = new CompletableFuture<>();
        /** C-FIND: the identifiers of pending responses. */
        final Consumer<Dataset> onMatch;
        /** C-MOVE, C-GET: the pending responses, with their counts. */
        final Consumer<DimseCommand> onPending;
        /** C-GET: receives the C-STORE sub-operations. */
        final StoreService storage;
        int context;
        DimseCommand request;
        DatasetSource data;
        boolean cancelSent;
        /** A match or a callback failed: the result fails with this once the final response is in. */
        Throwable broken;

        Operation(Consumer<Dataset> onMatch, Consumer<DimseCommand> onPending, StoreService storage) {
            this.onMatch = onMatch;
            this.onPending = onPending;
            this.storage = storage;
        }
    }

    // Ids for logs, told apart from the acceptor's "a-N" by their prefix.
    private static final java.util.concurrent.atomic.AtomicLong IDS = new java.util.concurrent.atomic.AtomicLong();

    private final String id = "c-" + IDS.incrementAndGet();
    private final AssociationOptions options;
    private final ByteBufAllocator alloc;
    final CompletableFuture<Association> connected = new CompletableFuture<>();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private final ArrayDeque<Operation> queue = new ArrayDeque<>();
    private AssociationHandler handler;
    private Operation current;
    private ScheduledFuture<?> responseTimer;
    /** C-STORE sub-operations of a C-GET being received or answered. */
    private int storesInProgress;
    private boolean releaseRequested;
    private boolean ended;
    private int nextMessageId = 1;

    ClientAssociation(AssociationOptions options, ByteBufAllocator alloc) {
        this.options = options;
        this.alloc = alloc;
    }

    // ------------------------------------------------------------------ AssociationUser

    @Override
    public String checkAccept(AAssociateAc ac) {
        AAssociateRq rq = handler().request();
        for (PresentationContextAc pc : ac.presentationContexts()) {
            PresentationContextRq proposed = rq.presentationContext(pc.id());
            if (proposed == null) {
                return "presentation context " + pc.id() + " was not proposed";
            }
            if (pc.isAccepted() && !proposed.transferSyntaxes().contains(pc.transferSyntax())) {
                return "transfer syntax " + pc.transferSyntax() + " was not proposed for context " + pc.id();
            }
        }
        long peerMax = ac.userInformation().maxPduLength();
        if (peerMax != 0 && peerMax < 64) {
            return "maximum PDU length " + peerMax;
        }
        return null;
    }

    /** Set before the channel is active, so that {@link #checkAccept} can see the request. */
    private AssociationHandler handler() {
        return handler;
    }

    void attach(AssociationHandler handler) {
        this.handler = handler;
    }

    @Override
    public void established(AssociationHandler association) {
        connected.complete(this);
    }

    @Override
    public DimseDataHandler onCommand(int pc, DimseCommand command) {
        if (command.commandField() == CommandField.C_STORE_RQ) {
            return subOperationStore(pc, command);
        }
        Operation op = current;
        if (!command.commandField().isResponse() || op == null
            || command.messageIdBeingRespondedTo() != op.request.messageId()) {
            // Unsolicited: nothing waits for it.
            return command.hasDataSet() ? discard() : null;
        }
        if (Status.isPending(command.status())) {
            armTimer(op); // the peer is working on it: the response timeout starts again
            if (!command.hasDataSet()) {
                pending(op, command, null);
                return null;
            }
            return readDataSet(pc, dataSet -> pending(op, command, dataSet), error -> breakOff(op, error));
        }
        cancelTimer();
        if (!command.hasDataSet()) {
            complete(op, command, null);
            return null;
        }
        // The operation stays current until its data set is in, so that the next request waits for it.
        return readDataSet(pc, dataSet -> complete(op, command, dataSet), error -> {
            op.broken = op.broken != null ? op.broken : error;
            complete(op, command, null);
        });
    }

    @Override
    public boolean busy() {
        return current != null || !queue.isEmpty() || storesInProgress > 0;
    }

    @Override
    public void closed(Throwable cause) {
        ended = true;
        cancelTimer();
        Throwable why = cause != null ? cause : new AssociationAbortedException("association released");
        if (current != null) {
            current.result.completeExceptionally(why);
            current = null;
        }
        Operation op;
        while ((op = queue.poll()) != null) {
            if (op.data != null) {
                op.data.close();
            }
            op.result.completeExceptionally(why);
        }
        connected.completeExceptionally(why);
        if (cause == null) {
            closed.complete(null);
        } else {
            closed.completeExceptionally(cause);
        }
    }

    // ------------------------------------------------------------------ Association

    @Override
    public AAssociateRq request() {
        return handler.request();
    }

    @Override
    public AAssociateAc accept() {
        return handler.accept();
    }

    @Override
    public int presentationContext(String abstractSyntax, String transferSyntaxUid) {
        AAssociateAc ac = handler.accept();
        for (PresentationContextRq pc : handler.request().presentationContexts()) {
            PresentationContextAc answer = ac.presentationContext(pc.id());
            if (pc.abstractSyntax().equals(abstractSyntax) && answer != null && answer.isAccepted()
                && answer.transferSyntax().equals(transferSyntaxUid)) {
                return pc.id();
            }
        }
        return -1;
    }

    @Override
    public CompletableFuture<DimseCommand> echo() {
        Operation op = new Operation(null, null, null);
        onLoop(() -> {
            int pc = presentationContext(UID.Verification, TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN.uid());
            if (pc < 0) {
                pc = anyContext(UID.Verification);
            }
            submit(op, pc, DimseCommand.cEchoRq(messageId()), null);
        });
        return op.result.thenApply(Reply::command);
    }

    @Override
    public CompletableFuture<DimseCommand> store(Path part10File) {
        return Part10FileSource.open(part10File, alloc).thenCompose(source ->
            store(source.sopClassUid(), source.sopInstanceUid(), source.transferSyntaxUid(), source));
    }

    @Override
    public CompletableFuture<DimseCommand> store(String sopClassUid, String sopInstanceUid, String transferSyntaxUid,
                                                 DatasetSource data) {
        Operation op = new Operation(null, null, null);
        onLoop(() -> submit(op, presentationContext(sopClassUid, transferSyntaxUid),
            DimseCommand.cStoreRq(messageId(), sopClassUid, sopInstanceUid, Priority.MEDIUM), data));
        return op.result.thenApply(Reply::command);
    }

    @Override
    public CompletableFuture<DimseCommand> store(String sopClassUid, String sopInstanceUid, String transferSyntaxUid,
                                                 DatasetSource data, String moveOriginatorAeTitle,
                                                 int moveOriginatorMessageId) {
        Operation op = new Operation(null, null, null);
        onLoop(() -> submit(op, presentationContext(sopClassUid, transferSyntaxUid),
            DimseCommand.cStoreRq(messageId(), sopClassUid, sopInstanceUid, Priority.MEDIUM)
                .withMoveOriginator(moveOriginatorAeTitle, moveOriginatorMessageId), data));
        return op.result.thenApply(Reply::command);
    }

    @Override
    public CancellableRequest<DimseCommand> find(String sopClassUid, Dataset keys, Consumer<Dataset> onMatch) {
        Operation op = new Operation(onMatch, null, null);
        submitQuery(op, sopClassUid, keys, id -> DimseCommand.cFindRq(id, sopClassUid, Priority.MEDIUM));
        return request(op, Reply::command);
    }

    @Override
    public CancellableRequest<RetrieveResult> move(String sopClassUid, Dataset keys, String destinationAeTitle,
                                                   Consumer<DimseCommand> onPending) {
        Operation op = new Operation(null, onPending, null);
        submitQuery(op, sopClassUid, keys, id -> DimseCommand.cMoveRq(id, sopClassUid, Priority.MEDIUM,
            destinationAeTitle));
        return request(op, ClientAssociation::retrieveResult);
    }

    @Override
    public CancellableRequest<RetrieveResult> get(String sopClassUid, Dataset keys, StoreService storage,
                                                  Consumer<DimseCommand> onPending) {
        Operation op = new Operation(null, onPending, storage);
        submitQuery(op, sopClassUid, keys, id -> DimseCommand.cGetRq(id, sopClassUid, Priority.MEDIUM));
        return request(op, ClientAssociation::retrieveResult);
    }

    @Override
    public CompletableFuture<Void> release() {
        onLoop(() -> {
            releaseRequested = true;
            next();
        });
        return closed;
    }

    @Override
    public void abort() {
        onLoop(() -> handler.abort(new AssociationAbortedException("aborted by this side")));
    }

    @Override
    public CompletableFuture<Void> closeFuture() {
        return closed;
    }

    // ------------------------------------------------------------------ operations

    private int messageId() {
        int id = nextMessageId;
        nextMessageId = nextMessageId == 0xFFFF ? 1 : nextMessageId + 1;
        return id;
    }

    private int anyContext(String abstractSyntax) {
        AAssociateAc ac = handler.accept();
        for (PresentationContextRq pc : handler.request().presentationContexts()) {
            PresentationContextAc answer = ac.presentationContext(pc.id());
            if (pc.abstractSyntax().equals(abstractSyntax) && answer != null && answer.isAccepted()) {
                return pc.id();
            }
        }
        return -1;
    }

    private TransferSyntax transferSyntax(int pc) {
        return TransferSyntax.of(handler.accept().presentationContext(pc).transferSyntax());
    }

    /** A C-FIND, C-MOVE or C-GET: the keys encoded in the syntax accepted for the first context of the SOP class. */
    private void submitQuery(Operation op, String sopClassUid, Dataset keys,
                             java.util.function.IntFunction<DimseCommand> command) {
        onLoop(() -> {
            int pc = anyContext(sopClassUid);
            if (pc < 0) {
                submit(op, pc, command.apply(messageId()), null);
                return;
            }
            ByteBuf identifier = alloc.buffer(256);
            try {
                DatasetWriter.create(transferSyntax(pc)).write(keys, identifier);
            } catch (RuntimeException e) {
                identifier.release();
                op.result.completeExceptionally(e);
                return;
            }
            submit(op, pc, command.apply(messageId()), DatasetSource.of(identifier));
        });
    }

    private void submit(Operation op, int pc, DimseCommand request, DatasetSource data) {
        op.context = pc;
        op.request = request;
        op.data = data;
        if (pc < 0 || ended || releaseRequested || op.result.isDone()) {
            if (data != null) {
                data.close();
            }
            op.result.completeExceptionally(op.result.isDone() ? new CancellationException()
                : pc < 0 ? new IllegalStateException("no accepted presentation context for " + request)
                : new AssociationAbortedException("association released or ended"));
            return;
        }
        queue.add(op);
        next();
    }

    private void next() {
        if (current != null || ended) {
            return;
        }
        current = queue.poll();
        if (current == null) {
            if (releaseRequested) {
                handler.release();
            }
            return;
        }
        Operation op = current;
        handler.send(op.context, op.request, op.data).whenComplete((v, error) -> onLoop(() -> {
            if (error != null) {
                if (current == op) {
                    current = null;
                }
                op.result.completeExceptionally(error);
                next();
            } else if (current == op && responseTimer == null && storesInProgress == 0) {
                armTimer(op);
            }
        }));
    }

    private void pending(Operation op, DimseCommand response, Dataset dataSet) {
        if (op.broken != null) {
            return;
        }
        try {
            if (op.onMatch != null && dataSet != null) {
                op.onMatch.accept(dataSet);
            }
            if (op.onPending != null) {
                op.onPending.accept(response);
            }
        } catch (RuntimeException e) {
            breakOff(op, e);
        }
    }

    /** A match or a callback failed: stop the operation; its result fails once the final response is in. */
    private void breakOff(Operation op, Throwable error) {
        if (op.broken == null) {
            op.broken = error;
        }
        cancel(op);
    }

    private void complete(Operation op, DimseCommand response, Dataset dataSet) {
        if (current == op) {
            current = null;
        }
        cancelTimer();
        if (op.broken != null) {
            op.result.completeExceptionally(op.broken);
        } else {
            op.result.complete(new Reply(response, dataSet));
        }
        next();
    }

    private void cancel(Operation op) {
        onLoop(() -> {
            if (op.result.isDone()) {
                return;
            }
            if (op.request == null) {
                // Not even queued yet: submit will see the result done and drop it.
                op.result.completeExceptionally(new CancellationException("cancelled before it was sent"));
            } else if (queue.remove(op)) {
                if (op.data != null) {
                    op.data.close();
                }
                op.result.completeExceptionally(new CancellationException("cancelled before it was sent"));
            } else if (current == op && !op.cancelSent && op.request.commandField() != CommandField.C_ECHO_RQ
                && op.request.commandField() != CommandField.C_STORE_RQ) {
                op.cancelSent = true;
                // Queued behind the request itself if that is still being written.
                handler.send(op.context, DimseCommand.cCancelRq(op.request.messageId()), null);
            }
        });
    }

    private <T> CancellableRequest<T> request(Operation op, Function<Reply, T> outcome) {
        CompletableFuture<T> result = op.result.thenApply(outcome);
        return new CancellableRequest<>() {
            @Override
            public CompletableFuture<T> result() {
                return result;
            }

            @Override
            public void cancel() {
                ClientAssociation.this.cancel(op);
            }
        };
    }

    private static RetrieveResult retrieveResult(Reply reply) {
        String[] failed = reply.dataSet() == null ? null : reply.dataSet().getStrings(Tag.FailedSOPInstanceUIDList);
        return new RetrieveResult(reply.command(), failed == null ? List.of() : Arrays.asList(failed));
    }

    // ------------------------------------------------------------------ data sets received

    /** Collects a (small) data set of a response; {@code then} or {@code failed} runs once it is in. */
    private DimseDataHandler readDataSet(int pc, Consumer<Dataset> then, Consumer<Throwable> failed) {
        IdentifierReader reader = new IdentifierReader(transferSyntax(pc));
        return new DimseDataHandler() {
            @Override
            public java.util.concurrent.CompletionStage<?> onData(ByteBuf fragment, boolean last) {
                reader.feed(fragment);
                if (last) {
                    Throwable failure = reader.finish();
                    if (failure == null) {
                        then.accept(reader.identifier());
                    } else {
                        failed.accept(failure);
                    }
                }
                return DONE;
            }

            @Override
            public void onAbort(Throwable cause) {
                reader.close();
            }
        };
    }

    /** A C-STORE-RQ from the peer: a sub-operation of our C-GET, on a context where we took the SCP role. */
    private DimseDataHandler subOperationStore(int pc, DimseCommand command) {
        Operation op = current;
        StoreService storage = op == null ? null : op.storage;
        PresentationContextRq proposed = handler.request().presentationContext(pc);
        RoleSelection role = handler.accept().userInformation().roleSelection(proposed.abstractSyntax());
        DimseStatus refusal = null;
        if (storage == null) {
            refusal = DimseStatus.of(Status.PROCESSING_FAILURE, "no C-GET in progress");
        } else if (role == null || !role.scp() || !proposed.abstractSyntax().equals(command.affectedSopClassUid())) {
            refusal = DimseStatus.of(Status.SOP_CLASS_NOT_SUPPORTED);
        } else if (!command.hasDataSet()) {
            refusal = DimseStatus.of(Status.CANNOT_UNDERSTAND, "no data set");
        }
        storesInProgress++;
        // Our own storing may take a while: the response timeout waits until we have answered.
        cancelTimer();
        if (refusal == null) {
            try {
                StoreService.StoreReceiver receiver = storage.store(new StoreRequest(
                    new AssociationInfo(handler.request(), handler.accept(), handler.remoteAddress(), id), pc, command,
                    transferSyntax(pc)));
                return new StoreReception(receiver, this::onLoop, new StoreReception.Outcome() {
                    @Override
                    public void respond(DimseStatus status, Throwable error) {
                        answerStore(pc, command, status, error);
                    }

                    @Override
                    public void abandoned() {
                        storesInProgress--;
                    }
                });
            } catch (RuntimeException e) {
                refusal = DimseStatuses.of(e);
            }
        }
        DimseStatus status = refusal;
        if (!command.hasDataSet()) {
            answerStore(pc, command, status, null);
            return null;
        }
        return (fragment, last) -> {
            fragment.release();
            if (last) {
                answerStore(pc, command, status, null);
            }
            return DONE;
        };
    }

    private void answerStore(int pc, DimseCommand request, DimseStatus status, Throwable error) {
        storesInProgress--;
        DimseStatus outcome = error != null ? DimseStatuses.of(error) : status != null ? status
            : DimseStatus.of(Status.PROCESSING_FAILURE);
        DimseCommand response = DimseCommand.response(request, outcome.code(), false);
        if (outcome.errorComment() != null) {
            response = response.withErrorComment(outcome.errorComment());
        }
        handler.send(pc, response, null);
        if (current != null && storesInProgress == 0) {
            armTimer(current);
        }
    }

    private DimseDataHandler discard() {
        return (fragment, last) -> {
            fragment.release();
            return DONE;
        };
    }

    // ------------------------------------------------------------------ the response timeout

    private void armTimer(Operation op) {
        cancelTimer();
        if (!options.dimseResponseTimeout().isZero() && current == op) {
            responseTimer = handler.schedule(() -> responseTimeout(op), options.dimseResponseTimeout());
        }
    }

    private void responseTimeout(Operation op) {
        responseTimer = null;
        if (current != op) {
            return;
        }
        current = null;
        op.result.completeExceptionally(new TimeoutException("no response to " + op.request + " within "
            + options.dimseResponseTimeout()));
        handler.abort(new AssociationAbortedException("DIMSE response timeout"));
    }

    private void cancelTimer() {
        if (responseTimer != null) {
            responseTimer.cancel(false);
            responseTimer = null;
        }
    }

    private void onLoop(Runnable task) {
        if (handler.executor().inEventLoop()) {
            task.run();
        } else {
            handler.executor().execute(task);
        }
    }
}
