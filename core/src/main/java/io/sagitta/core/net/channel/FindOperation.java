package io.sagitta.core.net.channel;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.sagitta.core.data.Dataset;
import io.sagitta.core.data.TransferSyntax;
import io.sagitta.core.io.DatasetWriter;
import io.sagitta.core.net.dimse.DimseCommand;
import io.sagitta.core.net.dimse.Status;
import io.sagitta.core.net.service.AssociationInfo;
import io.sagitta.core.net.service.DatasetSource;
import io.sagitta.core.net.service.DimseException;
import io.sagitta.core.net.service.DimseStatus;
import io.sagitta.core.net.service.FindRequest;
import io.sagitta.core.net.service.FindService;
import io.sagitta.core.net.service.QueryRetrieveModel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One C-FIND on the acceptor side: collects the identifier (small, and bounded by {@link #MAX_IDENTIFIER}),
 * hands it to the {@link FindService}, then sends each match as a pending response, pulling the next one
 * only once the previous response is written (the writer waits for the channel to be writable), and ends
 * with the final response. A C-CANCEL-RQ or the end of the association stops the matches. Event loop only.
 */
final class FindOperation extends IdentifierOperation {

    /** Longest identifier accepted: real ones are a few hundred bytes. */
    static final int MAX_IDENTIFIER = IdentifierReader.MAX_IDENTIFIER;

    private final AcceptorSide side;
    private final AssociationHandler association;
    private final AssociationInfo info;
    private final FindService service;
    private final int pc;
    private final TransferSyntax transferSyntax;
    private final QueryRetrieveModel model;
    private FindService.Matches matches;
    private boolean finished;

    FindOperation(AcceptorSide side, AssociationHandler association, AssociationInfo info, FindService service, int pc,
                  DimseCommand command, TransferSyntax transferSyntax, QueryRetrieveModel model) {
        super(command, transferSyntax);
        this.side = side;
        this.association = association;
        this.info = info;
        this.service = service;
        this.pc = pc;
        this.transferSyntax = transferSyntax;
        this.model = model;
    }

    @Override
    boolean finished() {
        return finished;
    }

    @Override
    void refuse(Throwable failure) {
        end(null, failure);
    }

    // ------------------------------------------------------------------ the matches

    @Override
    void start(Dataset identifier) {
        FindRequest request = new FindRequest(info, pc, command, transferSyntax, model, identifier, association.executor());
        try {
            matches = service.find(request);
            if (matches == null) {
                throw new IllegalStateException("the find service gave no matches");
            }
        } catch (RuntimeException e) {
            end(null, e);
            return;
        }
        pull();
    }

    private void pull() {
        CompletionStage<Dataset> next;
        try {
            next = matches.next();
        } catch (RuntimeException e) {
            next = CompletableFuture.failedFuture(e);
        }
        next.whenComplete((match, error) -> side.onLoop(() -> onMatch(match, error)));
    }

    private void onMatch(Dataset match, Throwable error) {
        if (finished) {
            return;
        }
        if (error != null) {
            end(null, error);
            return;
        }
        if (match == null) {
            end(DimseStatus.SUCCESS, null);
            return;
        }
        ByteBuf encoded = ByteBufAllocator.DEFAULT.buffer(256);
        try {
            DatasetWriter.create(transferSyntax).write(match, encoded);
        } catch (RuntimeException e) {
            encoded.release();
            end(null, e);
            return;
        }
        int status = matches.unsupportedOptionalKeys() ? Status.PENDING_WARNING : Status.PENDING;
        association.send(pc, DimseCommand.response(command, status, true), DatasetSource.of(encoded))
            .whenComplete((v, e) -> side.onLoop(() -> {
                if (e != null) {
                    abandon(); // the association is going: no final response can be sent
                } else if (!finished) {
                    pull();
                }
            }));
    }

    /** C-CANCEL-RQ: stop the matches and answer FE00 (after any pending response already queued). */
    @Override
    public void cancel() {
        if (!finished && matches != null) {
            end(DimseStatus.of(Status.CANCEL), null);
        }
    }

    /** The final response. */
    private void end(DimseStatus status, Throwable error) {
        if (finished) {
            return;
        }
        finished = true;
        if (matches != null && status != DimseStatus.SUCCESS) {
            matches.cancel();
        }
        side.findEnded(this, pc, command, status, error);
    }

    /** The association ended: no response, just stop. */
    @Override
    public void abandon() {
        if (finished) {
            return;
        }
        finished = true;
        if (matches != null) {
            matches.cancel();
        }
        side.operationAbandoned(this);
    }
}
