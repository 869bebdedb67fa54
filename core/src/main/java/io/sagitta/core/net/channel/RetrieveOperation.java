package io.sagitta.core.net.channel;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.sagitta.core.data.Dataset;
import io.sagitta.core.data.Tag;
import io.sagitta.core.data.TransferSyntax;
import io.sagitta.core.data.VR;
import io.sagitta.core.io.DatasetWriter;
import io.sagitta.core.net.dimse.DimseCommand;
import io.sagitta.core.net.dimse.Status;
import io.sagitta.core.net.service.DatasetSource;
import io.sagitta.core.net.service.DimseException;
import io.sagitta.core.net.service.DimseStatus;
import io.sagitta.core.net.service.DimseStatuses;
import io.sagitta.core.net.service.MoveService;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * One C-MOVE or C-GET on the acceptor side: collects the identifier, hands it to the service, then steps its
 * sub-operations, sending a pending response with the counts after each step (the next step waits until that
 * response is written), and ends with the final response (PS3.4 C.4.2.1.5, C.4.2.3.1). A C-CANCEL-RQ stops after
 * the current sub-operation and is answered FE00 with the counts. Event loop only.
 */
final class RetrieveOperation extends IdentifierOperation {

    private final AcceptorSide side;
    /** Starts the sub-operations from the identifier: the move or get service. */
    private final Function<Dataset, MoveService.SubOperations> service;
    private final int pc;
    private final TransferSyntax transferSyntax;
    private MoveService.SubOperations subOperations;
    private MoveService.Progress progress = MoveService.Progress.of(0);
    /** A step is outstanding: a cancel waits for it, to report the counts after the current sub-operation. */
    private boolean stepping;
    private boolean cancelled;
    private boolean finished;

    RetrieveOperation(AcceptorSide side, int pc, DimseCommand command, TransferSyntax transferSyntax,
                      Function<Dataset, MoveService.SubOperations> service) {
        super(command, transferSyntax);
        this.side = side;
        this.service = service;
        this.pc = pc;
        this.transferSyntax = transferSyntax;
    }

    @Override
    boolean finished() {
        return finished;
    }

    @Override
    void refuse(Throwable failure) {
        end(null, failure);
    }

    // ------------------------------------------------------------------ the sub-operations

    @Override
    void start(Dataset identifier) {
        try {
            subOperations = service.apply(identifier);
            if (subOperations == null) {
                throw new IllegalStateException("the service gave no sub-operations");
            }
        } catch (RuntimeException e) {
            end(null, e);
            return;
        }
        step();
    }

    private void step() {
        if (cancelled) {
            end(DimseStatus.of(Status.CANCEL), null);
            return;
        }
        stepping = true;
        CompletionStage<MoveService.Progress> next;
        try {
            next = subOperations.next();
        } catch (RuntimeException e) {
            next = CompletableFuture.failedFuture(e);
        }
        next.whenComplete((p, error) -> side.onLoop(() -> onProgress(p, error)));
    }

    private void onProgress(MoveService.Progress p, Throwable error) {
        stepping = false;
        if (finished) {
            return;
        }
        if (error != null) {
            end(null, error);
            return;
        }
        progress = p;
        if (cancelled) {
            end(DimseStatus.of(Status.CANCEL), null);
            return;
        }
        if (p.remaining() == 0) {
            end(finalStatus(p), null);
            return;
        }
        DimseCommand pending = DimseCommand.response(command, Status.PENDING, false)
            .withSubOperations(p.remaining(), p.completed(), p.failed(), p.warning());
        side.send(pc, pending, null).whenComplete((v, e) -> side.onLoop(() -> {
            if (e != null) {
                abandon(); // the association is going: no final response can be sent
            } else if (!finished) {
                step();
            }
        }));
    }

    /** C.4.2.1.5: all done, some failed or warned, or all failed. */
    private static DimseStatus finalStatus(MoveService.Progress p) {
        if (p.failed() == 0 && p.warning() == 0) {
            return DimseStatus.SUCCESS;
        }
        if (p.completed() == 0 && p.warning() == 0) {
            return DimseStatus.of(Status.OUT_OF_RESOURCES_SUB_OPERATIONS, "all sub-operations failed");
        }
        return DimseStatus.of(Status.SUB_OPERATIONS_COMPLETE_WITH_FAILURES);
    }

    /** C-CANCEL-RQ: stop after the current sub-operation, then answer FE00 with the counts. */
    @Override
    public void cancel() {
        if (finished || cancelled) {
            return;
        }
        cancelled = true;
        if (subOperations != null) {
            subOperations.cancel();
            if (!stepping) {
                end(DimseStatus.of(Status.CANCEL), null); // between steps: a pending response is being written
            }
        }
    }

    /** The final response, with the counts and (for anything but success) the Failed SOP Instance UID List. */
    private void end(DimseStatus status, Throwable error) {
        if (finished) {
            return;
        }
        finished = true;
        if (subOperations != null && (error != null || status.code() == Status.CANCEL)) {
            subOperations.cancel();
        }
        DimseStatus outcome = error != null ? DimseStatuses.of(error) : status;
        boolean cancel = outcome.code() == Status.CANCEL;
        ByteBuf identifier = null;
        if (!progress.failedSopInstanceUids().isEmpty() && outcome.code() != Status.SUCCESS) {
            Dataset failed = new Dataset(1);
            failed.setString(Tag.FailedSOPInstanceUIDList, VR.UI, progress.failedSopInstanceUids().toArray(String[]::new));
            identifier = ByteBufAllocator.DEFAULT.buffer(64 * progress.failedSopInstanceUids().size());
            try {
                DatasetWriter.create(transferSyntax).write(failed, identifier);
            } catch (RuntimeException e) {
                identifier.release();
                identifier = null;
            }
        }
        DimseCommand response = DimseCommand.response(command, outcome.code(), identifier != null);
        if (subOperations != null) {
            response = response.withSubOperations(cancel ? progress.remaining() : -1, progress.completed(),
                progress.failed(), progress.warning());
        }
        if (outcome.errorComment() != null) {
            response = response.withErrorComment(outcome.errorComment());
        }
        side.operationEnded(this, pc, response, identifier == null ? null : DatasetSource.of(identifier));
    }

    /** The association ended: no response, just stop. */
    @Override
    public void abandon() {
        if (finished) {
            return;
        }
        finished = true;
        if (subOperations != null) {
            subOperations.cancel();
        }
        side.operationAbandoned(this);
    }
}
