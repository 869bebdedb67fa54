package io.sagitta.core.net.pdu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.List;
import java.util.Set;

/**
 * The property shared by the fuzz test and the mutation test: whatever the bytes and however they are
 * split, the decoder never throws; it yields PDUs, then at most one {@link InvalidPdu} with a documented
 * A-ABORT reason; every PDU it yields encodes and decodes back to itself; and no buffer outlives its
 * owner.
 */
final class PduRoundTrip {

    static final Set<Integer> DOCUMENTED_REASONS = Set.of(AAbort.UNRECOGNIZED_PDU, AAbort.UNRECOGNIZED_PDU_PARAMETER,
        AAbort.UNEXPECTED_PDU_PARAMETER, AAbort.INVALID_PDU_PARAMETER_VALUE);

    private PduRoundTrip() {
    }

    static void check(byte[] bytes, int... cuts) {
        PduDecoderOptions options = PduDecoderOptions.create().maxPDataLength(64 * 1024).maxAssociateLength(64 * 1024);
        List<Pdu> pdus = PduSamples.decodeInChunks(new PduDecoder(options), bytes, cuts);
        try {
            for (int i = 0; i < pdus.size(); i++) {
                Pdu pdu = pdus.get(i);
                assertNotNull(pdu);
                if (pdu instanceof InvalidPdu invalid) {
                    assertEquals(pdus.size() - 1, i, "nothing after an invalid PDU");
                    assertTrue(DOCUMENTED_REASONS.contains(invalid.abortReason()), invalid.toString());
                    continue;
                }
                ByteBuf encoded = PduEncoder.encode(pdu, ByteBufAllocator.DEFAULT);
                try {
                    PduDecoder again = new PduDecoder(options);
                    Pdu decoded = again.decode(encoded);
                    try {
                        assertEquals(pdu, decoded, "decode(encode(pdu)) == pdu");
                        assertEquals(0, encoded.readableBytes(), "one PDU, wholly consumed");
                    } finally {
                        if (decoded instanceof PDataTf d) {
                            d.release();
                        }
                    }
                } finally {
                    encoded.release();
                }
            }
        } finally {
            PduSamples.releaseAll(pdus);
        }
    }
}
