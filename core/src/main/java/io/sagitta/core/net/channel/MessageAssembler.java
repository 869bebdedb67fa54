package io.sagitta.core.net.channel;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.sagitta.core.net.dimse.DimseCommand;
import io.sagitta.core.net.dimse.DimseCommandException;
import io.sagitta.core.net.pdu.Pdv;
import io.sagitta.core.net.service.DimseDataHandler;
import java.util.concurrent.CompletionStage;
import java.util.function.IntPredicate;

/**
 * Turns received PDVs into DIMSE messages (PS3.7 9.2, PS3.8 9.3.5.1): the fragments of a command set are
 * collected (it is small and bounded) and decoded; the fragments of the data set that follows are handed to
 * the {@link DimseDataHandler} the command's recipient returned, one by one, as they arrive.
 */
final class MessageAssembler {

    /** Who receives complete commands. */
    interface Recipient {
        /**
         * A command arrived on a context. When it announces a data set, returns the handler for it (never
         * null then); otherwise the return value is ignored.
         */
        DimseDataHandler onCommand(int presentationContextId, DimseCommand command);
    }

    private final ByteBufAllocator alloc;
    private final int maxCommandLength;
    private final IntPredicate acceptedContext;
    private final Recipient recipient;

    private CompositeByteBuf command;
    private int commandContext;
    private DimseDataHandler data;
    private int dataContext;

    MessageAssembler(ByteBufAllocator alloc, int maxCommandLength, IntPredicate acceptedContext, Recipient recipient) {
        this.alloc = alloc;
        this.maxCommandLength = maxCommandLength;
        this.acceptedContext = acceptedContext;
        this.recipient = recipient;
    }

    /** True while a data set is being received. */
    boolean receivingData() {
        return data != null;
    }

    /**
     * Takes one PDV (and ownership of its buffer).
     *
     * @return null when done, or the stage of a data handler to wait for before the next PDV
     * @throws DimseProtocolException when the PDV breaks the rules (its buffer is released)
     */
    CompletionStage<?> onPdv(Pdv pdv) {
        int pc = pdv.presentationContextId();
        if (!acceptedContext.test(pc)) {
            pdv.release();
            throw new DimseProtocolException("PDV on presentation context " + pc + ", which was not accepted");
        }
        if (pdv.command()) {
            return onCommandFragment(pdv);
        }
        if (data == null || pc != dataContext) {
            pdv.release();
            throw new DimseProtocolException(data == null
                ? "data set fragment without a command announcing it"
                : "data set fragment on context " + pc + " for a command on context " + dataContext);
        }
        DimseDataHandler handler = data;
        if (pdv.last()) {
            data = null;
        }
        return handler.onData(pdv.data(), pdv.last());
    }

    private CompletionStage<?> onCommandFragment(Pdv pdv) {
        int pc = pdv.presentationContextId();
        if (data != null) {
            pdv.release();
            throw new DimseProtocolException("command fragment while the data set on context " + dataContext
                + " is incomplete");
        }
        if (command == null) {
            command = alloc.compositeBuffer();
            commandContext = pc;
        } else if (pc != commandContext) {
            pdv.release();
            throw new DimseProtocolException("command fragments on contexts " + commandContext + " and " + pc);
        }
        if (command.readableBytes() + pdv.data().readableBytes() > maxCommandLength) {
            pdv.release();
            throw new DimseProtocolException("command set longer than " + maxCommandLength + " bytes");
        }
        command.addComponent(true, pdv.data());
        if (!pdv.last()) {
            return null;
        }
        DimseCommand decoded;
        try {
            decoded = DimseCommand.decode(command);
        } catch (DimseCommandException e) {
            throw new DimseProtocolException(e.getMessage(), e);
        } finally {
            command.release();
            command = null;
        }
        DimseDataHandler handler = recipient.onCommand(pc, decoded);
        if (decoded.hasDataSet()) {
            if (handler == null) {
                throw new IllegalStateException("no data handler for " + decoded);
            }
            data = handler;
            dataContext = pc;
        }
        return null;
    }

    /** The association ended: release what is held and tell an unfinished data handler. */
    void abort(Throwable cause) {
        if (command != null) {
            command.release();
            command = null;
        }
        if (data != null) {
            DimseDataHandler handler = data;
            data = null;
            handler.onAbort(cause);
        }
    }
}
