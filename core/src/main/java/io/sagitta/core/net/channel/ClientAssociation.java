package io.sagitta.core.net.channel;

import io.netty.buffer.ByteBufAllocator;
import io.netty.util.concurrent.ScheduledFuture;
import io.sagitta.core.data.TransferSyntax;
import io.sagitta.core.data.UID;
import io.sagitta.core.net.dimse.DimseCommand;
import io.sagitta.core.net.dimse.Priority;
import io.sagitta.core.net.dimse.Status;
import io.sagitta.core.net.pdu.AAssociateAc;
import io.sagitta.core.net.pdu.AAssociateRq;
import io.sagitta.core.net.pdu.PresentationContextAc;
import io.sagitta.core.net.pdu.PresentationContextRq;
import io.sagitta.core.net.service.DatasetSource;
import io.sagitta.core.net.service.DimseDataHandler;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;

/** The requestor's half of an association: the {@link Association} API on an {@link AssociationHandler}. */
final class ClientAssociation implements Association, AssociationUser {

    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private record Operation(int context, DimseCommand request, DatasetSource data,
                             CompletableFuture<DimseCommand> result) {
    }

    private final AssociationOptions options;
    private final ByteBufAllocator alloc;
    final CompletableFuture<Association> connected = new CompletableFuture<>();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private final ArrayDeque<Operation> queue = new ArrayDeque<>();
    private AssociationHandler handler;
    private Operation current;
    private ScheduledFuture<?> responseTimer;
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
        if (command.commandField().isResponse() && current != null
            && command.messageIdBeingRespondedTo() == current.request().messageId()
            && !Status.isPending(command.status())) {
            Operation op = current;
            current = null;
            cancelTimer();
            op.result().complete(command);
            next();
        }
        // Pending responses and requests from the acceptor (C-GET sub-operations) come with later services.
        return command.hasDataSet() ? (fragment, last) -> {
            fragment.release();
            return DONE;
        } : null;
    }

    @Override
    public boolean busy() {
        return current != null || !queue.isEmpty();
    }

    @Override
    public void closed(Throwable cause) {
        ended = true;
        cancelTimer();
        Throwable why = cause != null ? cause : new AssociationAbortedException("association released");
        if (current != null) {
            current.result().completeExceptionally(why);
            current = null;
        }
        Operation op;
        while ((op = queue.poll()) != null) {
            if (op.data() != null) {
                op.data().close();
            }
            op.result().completeExceptionally(why);
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
        CompletableFuture<DimseCommand> result = new CompletableFuture<>();
        onLoop(() -> {
            int pc = presentationContext(UID.Verification, TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN.uid());
            if (pc < 0) {
                pc = anyContext(UID.Verification);
            }
            submit(pc, DimseCommand.cEchoRq(messageId()), null, result);
        });
        return result;
    }

    @Override
    public CompletableFuture<DimseCommand> store(Path part10File) {
        return Part10FileSource.open(part10File, alloc).thenCompose(source ->
            store(source.sopClassUid(), source.sopInstanceUid(), source.transferSyntaxUid(), source));
    }

    @Override
    public CompletableFuture<DimseCommand> store(String sopClassUid, String sopInstanceUid, String transferSyntaxUid,
                                                 DatasetSource data) {
        CompletableFuture<DimseCommand> result = new CompletableFuture<>();
        onLoop(() -> submit(presentationContext(sopClassUid, transferSyntaxUid),
            DimseCommand.cStoreRq(messageId(), sopClassUid, sopInstanceUid, Priority.MEDIUM), data, result));
        return result;
    }

    @Override
    public CompletableFuture<DimseCommand> store(String sopClassUid, String sopInstanceUid, String transferSyntaxUid,
                                                 DatasetSource data, String moveOriginatorAeTitle,
                                                 int moveOriginatorMessageId) {
        CompletableFuture<DimseCommand> result = new CompletableFuture<>();
        onLoop(() -> submit(presentationContext(sopClassUid, transferSyntaxUid),
            DimseCommand.cStoreRq(messageId(), sopClassUid, sopInstanceUid, Priority.MEDIUM)
                .withMoveOriginator(moveOriginatorAeTitle, moveOriginatorMessageId), data, result));
        return result;
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

    private void submit(int pc, DimseCommand request, DatasetSource data, CompletableFuture<DimseCommand> result) {
        if (pc < 0 || ended || releaseRequested) {
            if (data != null) {
                data.close();
            }
            result.completeExceptionally(pc < 0
                ? new IllegalStateException("no accepted presentation context for " + request)
                : new AssociationAbortedException("association released or ended"));
            return;
        }
        queue.add(new Operation(pc, request, data, result));
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
        handler.send(op.context(), op.request(), op.data()).whenComplete((v, error) -> onLoop(() -> {
            if (error != null) {
                if (current == op) {
                    current = null;
                }
                op.result().completeExceptionally(error);
                next();
            } else if (current == op && !options.dimseResponseTimeout().isZero()) {
                responseTimer = handler.schedule(() -> responseTimeout(op), options.dimseResponseTimeout());
            }
        }));
    }

    private void responseTimeout(Operation op) {
        responseTimer = null;
        if (current != op) {
            return;
        }
        current = null;
        op.result().completeExceptionally(new TimeoutException("no response to " + op.request() + " within "
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
