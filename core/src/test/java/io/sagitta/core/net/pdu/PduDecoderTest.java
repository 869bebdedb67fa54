package io.sagitta.core.net.pdu;

import static io.sagitta.core.net.pdu.PduSamples.IMPLICIT;
import static io.sagitta.core.net.pdu.PduSamples.VERIFICATION;
import static io.sagitta.core.net.pdu.PduSamples.decodeInChunks;
import static io.sagitta.core.net.pdu.PduSamples.encodeToArray;
import static io.sagitta.core.net.pdu.PduSamples.releaseAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import io.sagitta.core.net.NoLeaks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(NoLeaks.class)
class PduDecoderTest {

    private static PDataTf samplePData() {
        ByteBufAllocator a = ByteBufAllocator.DEFAULT;
        return PDataTf.of(
            new Pdv(1, true, true, a.buffer().writeBytes(new byte[] {1, 2, 3, 4})),
            new Pdv(3, false, false, a.buffer().writeBytes(new byte[] {5, 6})),
            new Pdv(3, false, true, a.buffer(0)));
    }

    /** All sample PDUs back to back, as a peer could send them in one TCP segment. */
    private static byte[] stream(List<Pdu> pdus) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Pdu p : pdus) {
            out.writeBytes(encodeToArray(p));
        }
        return out.toByteArray();
    }

    @Test
    void decodeOfEncodeIsIdentity() {
        for (Pdu pdu : PduSamples.valuePdus()) {
            List<Pdu> decoded = decodeInChunks(new PduDecoder(), encodeToArray(pdu));
            assertEquals(List.of(pdu), decoded);
        }
        PDataTf data = samplePData();
        try {
            List<Pdu> decoded = decodeInChunks(new PduDecoder(), encodeToArray(data));
            assertEquals(List.of(data), decoded);
            releaseAll(decoded);
        } finally {
            data.release();
        }
    }

    @Test
    void everySplitPointGivesTheSamePdus() {
        PDataTf data = samplePData();
        List<Pdu> all = new ArrayList<>(PduSamples.valuePdus());
        all.add(2, data);
        byte[] bytes = stream(all);
        try {
            for (int cut = 0; cut <= bytes.length; cut++) {
                List<Pdu> decoded = decodeInChunks(new PduDecoder(), bytes, cut);
                assertEquals(all, decoded, "split at " + cut);
                releaseAll(decoded);
            }
            int[] everyByte = new int[bytes.length - 1];
            Arrays.setAll(everyByte, i -> i + 1);
            List<Pdu> decoded = decodeInChunks(new PduDecoder(), bytes, everyByte);
            assertEquals(all, decoded, "byte by byte");
            releaseAll(decoded);
        } finally {
            data.release();
        }
    }

    @Test
    void incompleteHeaderConsumesNothing_completeHeaderIsCheckedAndKept() {
        PduDecoder decoder = new PduDecoder();
        ByteBuf in = ByteBufAllocator.DEFAULT.buffer().writeBytes(new byte[] {5, 0, 0, 0, 0});
        try {
            assertNull(decoder.decode(in));
            assertEquals(5, in.readableBytes());
            in.writeByte(4);
            assertNull(decoder.decode(in));
            assertEquals(0, in.readableBytes(), "a complete header is consumed while the body is awaited");
            in.writeBytes(new byte[] {9, 9, 9, 9});
            assertEquals(AReleaseRq.INSTANCE, decoder.decode(in));
        } finally {
            in.release();
        }
    }

    @Test
    void pDataPayloadIsARetainedSliceOfTheInput() {
        byte[] bytes = Bytes.of().hex("04 00 00000008 00000004 01 02 AB CD").build();
        ByteBuf in = ByteBufAllocator.DEFAULT.buffer().writeBytes(bytes);
        PDataTf pdu = (PDataTf) new PduDecoder().decode(in);
        assertEquals(2, in.refCnt(), "the PDV holds a reference to the input, not a copy");
        Pdv pdv = pdu.pdvs().get(0);
        assertEquals(1, pdv.presentationContextId());
        assertTrue(!pdv.command() && pdv.last());
        assertEquals(0xAB, pdv.data().getUnsignedByte(pdv.data().readerIndex()));
        in.release();
        assertEquals(1, pdv.data().refCnt());
        pdu.release();
        assertEquals(0, in.refCnt());
    }

    @Test
    void reservedFieldsAreIgnored() {
        assertEquals(AReleaseRp.INSTANCE, only(Bytes.of().hex("06 FF 00000004 DEADBEEF").build()));
        assertEquals(new AAbort(2, 1), only(Bytes.of().hex("07 AA 00000004 BB CC 02 01").build()));
        assertEquals(new AAssociateRj(1, 2, 2), only(Bytes.of().hex("03 01 00000004 FF 01 02 02").build()));
        // Reserved bits of the message control header.
        Pdu p = only(Bytes.of().hex("04 00 00000006 00000002 05 FC").build());
        Pdv pdv = ((PDataTf) p).pdvs().get(0);
        assertTrue(!pdv.command() && !pdv.last());
        releaseAll(List.of(p));
    }

    @Test
    void unknownUserInformationSubItemsAreSkipped() {
        AAssociateRq rq = minimalRq();
        byte[] bytes = encodeToArray(rq);
        // Append a common extended negotiation (57H) and an unknown (7FH) sub-item to user information.
        byte[] extra = Bytes.of().item(0x57, new byte[] {0, 1, 'x', 0, 0, 0, 0}).item(0x7F, new byte[] {1}).build();
        byte[] patched = appendToLastItem(bytes, extra);
        assertEquals(rq, only(patched));
    }

    // ------------------------------------------------------------------ hostile input

    @Test
    void unknownPduTypeIsUnrecognizedPdu() {
        assertInvalid(AAbort.UNRECOGNIZED_PDU, Bytes.of().hex("08 00 00000004 00000000").build());
        assertInvalid(AAbort.UNRECOGNIZED_PDU, Bytes.of().hex("00 00 00000000").build());
        assertInvalid(AAbort.UNRECOGNIZED_PDU, Bytes.of().ascii("GET / HTTP/1.1\r\n").build());
    }

    @Test
    void absurdLengthIsRejectedFromTheHeaderAlone() {
        PduDecoder decoder = new PduDecoder();
        for (int type = 1; type <= 7; type++) {
            PduDecoder d = new PduDecoder();
            ByteBuf in = ByteBufAllocator.DEFAULT.buffer(6).writeBytes(Bytes.of().u8(type).u8(0).u32(0xFFFFFFFFL).build());
            try {
                Pdu pdu = d.decode(in);
                assertInstanceOf(InvalidPdu.class, pdu, "type " + type);
                assertEquals(AAbort.INVALID_PDU_PARAMETER_VALUE, ((InvalidPdu) pdu).abortReason());
                assertTrue(d.isFailed());
            } finally {
                in.release();
            }
        }
        // Just over the configured P-DATA limit: rejected without waiting for the body.
        PduDecoder limited = new PduDecoder(PduDecoderOptions.create().maxPDataLength(1000));
        ByteBuf in = ByteBufAllocator.DEFAULT.buffer().writeBytes(Bytes.of().hex("04 00").u32(1001).build());
        try {
            assertInstanceOf(InvalidPdu.class, limited.decode(in));
        } finally {
            in.release();
        }
        assertTrue(!decoder.isFailed());
    }

    @Test
    void fixedLengthPdusMustHaveLengthFour() {
        assertInvalid(AAbort.INVALID_PDU_PARAMETER_VALUE, Bytes.of().hex("05 00 00000005 0000000000").build());
        assertInvalid(AAbort.INVALID_PDU_PARAMETER_VALUE, Bytes.of().hex("07 00 00000000").build());
        assertInvalid(AAbort.INVALID_PDU_PARAMETER_VALUE, Bytes.of().hex("01 00 00000010").zeros(16).build());
    }

    @Test
    void pDataFailures() {
        assertInvalid(AAbort.INVALID_PDU_PARAMETER_VALUE, Bytes.of().hex("04 00 00000000").build());
        // PDV item length 1 (no room for context id and control header).
        assertInvalid(AAbort.INVALID_PDU_PARAMETER_VALUE, Bytes.of().hex("04 00 00000006 00000001 01 00").build());
        // PDV overruns the PDU.
        assertInvalid(AAbort.INVALID_PDU_PARAMETER_VALUE, Bytes.of().hex("04 00 00000007 00000004 01 00 AA").build());
        // Second PDV truncated: the first one's slice is released (checked by the refCnt assertion inside).
        assertInvalid(AAbort.INVALID_PDU_PARAMETER_VALUE, Bytes.of().hex("04 00 0000000B 00000003 01 00 AA 00000001 01").build());
    }

    @Test
    void associateItemOverrunsAndZeroLengths() {
        byte[] good = encodeToArray(minimalRq());
        // Application context item claims more bytes than the PDU holds.
        byte[] overrun = good.clone();
        overrun[6 + 68 + 2] = (byte) 0x7F;
        assertInvalid(AAbort.INVALID_PDU_PARAMETER_VALUE, overrun);
        // Zero-length application context.
        byte[] zero = Bytes.of().bytes(Arrays.copyOf(good, 6 + 68)).item(0x10, "").build();
        assertInvalid(AAbort.INVALID_PDU_PARAMETER_VALUE, fixLength(zero));
        // Unknown top-level item type.
        byte[] unknown = fixLength(Bytes.of().bytes(good).item(0x99, new byte[2]).build());
        assertInvalid(AAbort.UNRECOGNIZED_PDU_PARAMETER, unknown);
        // A sub-item at top level.
        byte[] misplaced = fixLength(Bytes.of().bytes(good).item(0x40, IMPLICIT).build());
        assertInvalid(AAbort.UNEXPECTED_PDU_PARAMETER, misplaced);
        // Presentation context RQ item in an AC.
        byte[] acWithRq = good.clone();
        acWithRq[0] = 2;
        assertInvalid(AAbort.UNEXPECTED_PDU_PARAMETER, acWithRq);
        // Missing user information.
        byte[] noUserInfo = fixLength(Arrays.copyOf(good, good.length - userInfoLength(minimalRq())));
        assertInvalid(AAbort.INVALID_PDU_PARAMETER_VALUE, noUserInfo);
        // Truncated item header at the end.
        assertInvalid(AAbort.INVALID_PDU_PARAMETER_VALUE, fixLength(Bytes.of().bytes(good).hex("10 00").build()));
        // Blank calling AE title.
        byte[] blank = good.clone();
        Arrays.fill(blank, 6 + 20, 6 + 36, (byte) ' ');
        assertInvalid(AAbort.INVALID_PDU_PARAMETER_VALUE, blank);
        // Even presentation context id.
        byte[] even = good.clone();
        even[6 + 68 + 4 + 21 + 4] = 2;
        assertInvalid(AAbort.INVALID_PDU_PARAMETER_VALUE, even);
    }

    @Test
    void afterFailureEverythingIsSkipped() {
        PduDecoder decoder = new PduDecoder();
        byte[] bytes = Bytes.of().hex("09 00 00000000").bytes(encodeToArray(AReleaseRq.INSTANCE)).build();
        List<Pdu> out = decodeInChunks(decoder, bytes, 3, 7);
        assertEquals(1, out.size());
        assertInstanceOf(InvalidPdu.class, out.get(0));
        assertEquals(AAbort.byProvider(AAbort.UNRECOGNIZED_PDU), ((InvalidPdu) out.get(0)).toAbort());
    }

    // ------------------------------------------------------------------ helpers

    static AAssociateRq minimalRq() {
        return AAssociateRq.of("ANY-SCP", "ECHOSCU",
            List.of(PresentationContextRq.of(1, VERIFICATION, IMPLICIT)), UserInformation.of(16384, "1.2.3", "V1"));
    }

    private static int userInfoLength(AAssociateRq rq) {
        return 4 + 8 + 4 + rq.userInformation().implementationClassUid().length()
            + 4 + rq.userInformation().implementationVersionName().length();
    }

    /** Rewrites the PDU-length field to match the bytes. */
    static byte[] fixLength(byte[] pdu) {
        int length = pdu.length - 6;
        pdu[2] = (byte) (length >>> 24);
        pdu[3] = (byte) (length >>> 16);
        pdu[4] = (byte) (length >>> 8);
        pdu[5] = (byte) length;
        return pdu;
    }

    /** Appends bytes inside the last item (user information) of an A-ASSOCIATE PDU. */
    private static byte[] appendToLastItem(byte[] pdu, byte[] extra) {
        int lastItem = pdu.length - userInfoLength(minimalRq());
        byte[] out = Bytes.of().bytes(pdu).bytes(extra).build();
        int itemLength = ((out[lastItem + 2] & 0xFF) << 8 | (out[lastItem + 3] & 0xFF)) + extra.length;
        out[lastItem + 2] = (byte) (itemLength >>> 8);
        out[lastItem + 3] = (byte) itemLength;
        return fixLength(out);
    }

    private static Pdu only(byte[] bytes) {
        List<Pdu> out = decodeInChunks(new PduDecoder(), bytes);
        assertEquals(1, out.size(), () -> "PDUs: " + out);
        return out.get(0);
    }

    private static void assertInvalid(int reason, byte[] bytes) {
        ByteBuf in = ByteBufAllocator.DEFAULT.buffer().writeBytes(bytes);
        PduDecoder decoder = new PduDecoder();
        Pdu pdu = decoder.decode(in);
        try {
            assertInstanceOf(InvalidPdu.class, pdu, () -> "decoded " + pdu);
            assertEquals(reason, ((InvalidPdu) pdu).abortReason(), () -> ((InvalidPdu) pdu).message());
            assertTrue(decoder.isFailed());
            assertEquals(0, in.readableBytes(), "the rest is skipped");
            assertNull(decoder.decode(in.writeBytes(bytes)));
        } finally {
            in.release();
        }
        assertEquals(0, in.refCnt(), "no slice of the input outlived it");
    }
}
