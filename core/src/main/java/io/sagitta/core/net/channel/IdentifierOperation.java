package io.sagitta.core.net.channel;

import io.netty.buffer.ByteBuf;
import io.sagitta.core.data.Dataset;
import io.sagitta.core.data.TransferSyntax;
import io.sagitta.core.net.dimse.DimseCommand;
import io.sagitta.core.net.service.DimseDataHandler;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * What C-FIND, C-MOVE and C-GET share on the acceptor side before their own work begins: the
 * request's identifier is read from its data set fragments ({@link IdentifierReader}), then the
 * operation starts with it, or ends at once when the identifier cannot be read. Event loop only.
 */
abstract class IdentifierOperation implements DimseDataHandler, CancellableOperation {

    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    final DimseCommand command;
    private final IdentifierReader identifier;

    IdentifierOperation(DimseCommand command, TransferSyntax transferSyntax) {
        this.command = command;
        this.identifier = new IdentifierReader(transferSyntax);
    }

    /** True once the operation has sent its final response or was abandoned. */
    abstract boolean finished();

    /** The identifier is complete: begin the operation. */
    abstract void start(Dataset identifier);

    /** The identifier could not be read: end with the status {@code failure} maps to. */
    abstract void refuse(Throwable failure);

    @Override
    public final int messageId() {
        return command.messageId();
    }

    @Override
    public final CompletionStage<?> onData(ByteBuf fragment, boolean last) {
        if (finished()) {
            fragment.release();
            return DONE;
        }
        identifier.feed(fragment);
        if (last) {
            Throwable failure = identifier.finish();
            if (failure != null) {
                refuse(failure);
            } else {
                start(identifier.identifier());
            }
        }
        return DONE;
    }

    @Override
    public final void onAbort(Throwable cause) {
        identifier.close();
        abandon();
    }
}
