package io.sagitta.core.net.channel;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.sagitta.core.net.pdu.Pdu;
import io.sagitta.core.net.pdu.PduDecoder;
import io.sagitta.core.net.pdu.PduDecoderOptions;

/**
 * The bytes received and not yet decoded, and the {@link PduDecoder} that reads them. The association pulls
 * one PDU at a time ({@link #next()}), so that it can stop pulling while a consumer applies back-pressure;
 * what is left waits here, bounded by one PDU plus one socket read.
 *
 * <p>Copies: none while whole PDUs arrive within one read (the usual case: PDVs are retained slices of the
 * read buffer). A PDU split across reads is merged into a buffer that grows by doubling up to the PDU size,
 * as Netty's own cumulator does; the slices handed on stay valid because a buffer they point into is only
 * appended to, never reallocated or discarded while they live.
 */
final class PduReader {

    private final PduDecoder decoder;
    private final ByteBufAllocator alloc;
    private final long maxPdu;
    private ByteBuf cumulation;

    PduReader(PduDecoderOptions options, ByteBufAllocator alloc) {
        this.decoder = new PduDecoder(options);
        this.alloc = alloc;
        this.maxPdu = Math.max(options.maxPDataLength(), options.maxAssociateLength()) + 6;
    }

    /** Takes ownership of {@code in}. */
    void append(ByteBuf in) {
        if (cumulation == null) {
            cumulation = in;
            return;
        }
        if (!cumulation.isReadable()) {
            cumulation.release();
            cumulation = in;
            return;
        }
        int incoming = in.readableBytes();
        if (cumulation.writableBytes() >= incoming && !cumulation.isReadOnly() && cumulation.unwrap() == null) {
            // Appending after the writer index leaves every slice already handed out untouched.
            cumulation.writeBytes(in);
            in.release();
            return;
        }
        int residual = cumulation.readableBytes();
        long wanted = Math.min(Math.max(2L * (residual + incoming), 64 * 1024), maxPdu);
        int capacity = (int) Math.max(wanted, residual + (long) incoming);
        ByteBuf merged = alloc.buffer(capacity, capacity);
        merged.writeBytes(cumulation);
        merged.writeBytes(in);
        cumulation.release();
        in.release();
        cumulation = merged;
    }

    /** The next PDU, an {@code InvalidPdu}, or null when more bytes are needed. */
    Pdu next() {
        if (cumulation == null) {
            return null;
        }
        Pdu pdu = decoder.decode(cumulation);
        if (!cumulation.isReadable()) {
            cumulation.release();
            cumulation = null;
        }
        return pdu;
    }

    int buffered() {
        return cumulation == null ? 0 : cumulation.readableBytes();
    }

    void release() {
        if (cumulation != null) {
            cumulation.release();
            cumulation = null;
        }
    }
}
