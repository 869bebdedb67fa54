package io.sagitta.server.dimse;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;

/**
 * The data set fragments of one C-STORE received and not yet handed to the blob store, held as they came
 * (retained slices of the received PDUs, never copied) and taken as one buffer.
 */
final class ReceivedFragments {

    private CompositeByteBuf held;

    /** Takes ownership of {@code fragment}. */
    void add(ByteBuf fragment) {
        if (held == null) {
            held = Unpooled.compositeBuffer(Integer.MAX_VALUE);
        }
        held.addComponent(true, fragment);
    }

    int bytes() {
        return held == null ? 0 : held.readableBytes();
    }

    /** What is held, as one buffer the caller now owns (empty if nothing is). */
    ByteBuf take() {
        ByteBuf taken = held == null ? Unpooled.EMPTY_BUFFER : held;
        held = null;
        return taken;
    }

    /** Drops what is held. */
    void release() {
        if (held != null) {
            held.release();
            held = null;
        }
    }
}
