package io.sagitta.core.net.pdu;

import io.netty.buffer.ByteBuf;

/**
 * A presentation data value (PS3.8 section 9.3.5.1): a fragment of a command or dataset.
 *
 * <p>{@code data} is a buffer this PDV owns one reference to (the decoder hands out retained slices of
 * its input; nothing is copied). Whoever receives the PDV releases it, or passes it on.
 *
 * @param presentationContextId odd, 1..255
 * @param command true for a command fragment, false for a dataset fragment (message control header bit 0)
 * @param last true for the last fragment of the command or dataset (bit 1)
 */
public record Pdv(int presentationContextId, boolean command, boolean last, ByteBuf data) {

    /** Bytes of a PDV item header: item length (4), context id (1), message control header (1). */
    public static final int HEADER_LENGTH = 6;

    public Pdv {
        AAbort.checkByte(presentationContextId, "presentation context id");
        if (data == null) {
            throw new IllegalArgumentException("data is required");
        }
    }

    /** The message control header byte. */
    public int controlHeader() {
        return (command ? 1 : 0) | (last ? 2 : 0);
    }

    /** Releases {@link #data()}. */
    public void release() {
        data.release();
    }

    @Override
    public String toString() {
        return "PDV[pc=" + presentationContextId + (command ? ", command" : ", data") + (last ? ", last" : "")
            + ", " + data.readableBytes() + " bytes]";
    }
}
