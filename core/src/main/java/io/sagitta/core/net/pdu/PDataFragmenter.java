package io.sagitta.core.net.pdu;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a command or dataset byte stream into P-DATA-TF PDUs no longer than the peer accepts
 * (PS3.8 D.1: the peer's maximum length bounds the PDU-length field, which counts each PDV's 6-byte
 * item header as well as its data). One PDV per PDU.
 *
 * <p>Nothing is copied: each PDV holds a retained slice of the input. The caller keeps its own
 * reference to the input and releases it as usual; each returned {@link PDataTf} is released by whoever
 * ends up with it (normally the encoder's caller, after writing).
 *
 * <p>A stream may arrive in several chunks: pass {@code last = true} with the final one only, and its
 * final PDV gets the last-fragment flag (an empty final chunk yields one empty last PDV).
 */
public final class PDataFragmenter {

    /** What we send when the peer sets no limit (0) or a very large one. */
    public static final long DEFAULT_SEND_CAP = 1024 * 1024;

    private final int maxData;

    /**
     * @param peerMaxPduLength the maximum length from the peer's user information; 0 means no limit
     * @param sendCap the longest PDU we choose to send whatever the peer accepts
     * @throws IllegalArgumentException when the limit leaves no room for data after the PDV header
     */
    public PDataFragmenter(long peerMaxPduLength, long sendCap) {
        if (sendCap <= Pdv.HEADER_LENGTH || sendCap > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("send cap must be 7.." + Integer.MAX_VALUE + ", not " + sendCap);
        }
        long limit = peerMaxPduLength == 0 ? sendCap : Math.min(peerMaxPduLength, sendCap);
        if (limit <= Pdv.HEADER_LENGTH) {
            throw new IllegalArgumentException("a maximum PDU length of " + peerMaxPduLength + " leaves no room for data");
        }
        this.maxData = (int) (limit - Pdv.HEADER_LENGTH);
    }

    public PDataFragmenter(long peerMaxPduLength) {
        this(peerMaxPduLength, DEFAULT_SEND_CAP);
    }

    /** The most data bytes one PDV carries. */
    public int maxDataPerPdu() {
        return maxData;
    }

    /**
     * Fragments the readable bytes of {@code chunk} (its reader index is not moved).
     *
     * @param presentationContextId the context the message travels on
     * @param command true for a command stream, false for a dataset
     * @param last true if this chunk ends the command or dataset
     */
    public List<PDataTf> fragment(int presentationContextId, boolean command, ByteBuf chunk, boolean last) {
        int length = chunk.readableBytes();
        int count = length == 0 ? (last ? 1 : 0) : (length + maxData - 1) / maxData;
        List<PDataTf> out = new ArrayList<>(count);
        int offset = chunk.readerIndex();
        int end = offset + length;
        for (int i = 0; i < count; i++) {
            int n = Math.min(maxData, end - offset);
            boolean isLast = last && i == count - 1;
            out.add(PDataTf.of(new Pdv(presentationContextId, command, isLast, chunk.retainedSlice(offset, n))));
            offset += n;
        }
        return out;
    }
}
