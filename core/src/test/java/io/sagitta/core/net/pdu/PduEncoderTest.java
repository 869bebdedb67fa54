package io.sagitta.core.net.pdu;

import static io.sagitta.core.net.pdu.PduSamples.CT_STORAGE;
import static io.sagitta.core.net.pdu.PduSamples.EXPLICIT;
import static io.sagitta.core.net.pdu.PduSamples.IMPLICIT;
import static io.sagitta.core.net.pdu.PduSamples.VERIFICATION;
import static io.sagitta.core.net.pdu.PduSamples.encodeToArray;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.List;
import io.sagitta.core.net.NoLeaks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Byte-exact encodings, against layouts written out by hand from PS3.8 section 9.3 and PS3.7 Annex D. */
@ExtendWith(NoLeaks.class)
class PduEncoderTest {

    @Test
    void minimalAssociateRq() {
        AAssociateRq rq = AAssociateRq.of("ANY-SCP", "ECHOSCU",
            List.of(PresentationContextRq.of(1, VERIFICATION, IMPLICIT)), UserInformation.of(16384, "1.2.3", "V1"));
        byte[] expected = Bytes.of()
            .hex("01 00 000000AA")           // type, reserved, length 170
            .hex("0001 0000")                // protocol version 1, reserved
            .ae("ANY-SCP").ae("ECHOSCU").zeros(32)
            .hex("10 00 0015").ascii("1.2.840.10008.3.1.1.1")
            .hex("20 00 002E 01 00 00 00")   // presentation context 1, 46 bytes
            .hex("30 00 0011").ascii(VERIFICATION)
            .hex("40 00 0011").ascii(IMPLICIT)
            .hex("50 00 0017")               // user information, 23 bytes
            .hex("51 00 0004 00004000")
            .hex("52 00 0005").ascii("1.2.3")
            .hex("55 00 0002").ascii("V1")
            .build();
        assertArrayEquals(expected, encodeToArray(rq));
    }

    @Test
    void userInformationWithEverySubItem() {
        byte[] encoded = encodeToArray(PduSamples.fullRq());
        byte[] userInfo = Bytes.of()
            .item(0x51, new byte[] {0, 0, 0x40, 0})
            .item(0x52, "1.2.3.4")
            .item(0x53, new byte[] {0, 5, 0, 1})
            .item(0x54, Bytes.of().u16(CT_STORAGE.length()).ascii(CT_STORAGE).hex("01 01").build())
            .item(0x55, "SAGITTA_TEST")
            .item(0x56, Bytes.of().u16(CT_STORAGE.length()).ascii(CT_STORAGE).hex("01 00 01").build())
            .item(0x58, Bytes.of().hex("02 01").u16(5).ascii("alice").u16(6).ascii("s3cret").build())
            .build();
        byte[] expectedTail = Bytes.of().item(0x50, userInfo).build();
        byte[] tail = java.util.Arrays.copyOfRange(encoded, encoded.length - expectedTail.length, encoded.length);
        assertArrayEquals(expectedTail, tail);
    }

    @Test
    void associateAcWithRejectedContextAndIdentityResponse() {
        byte[] expected = Bytes.of()
            .hex("02 00").u32(0)             // length patched below
            .hex("0001 0000").ae("ARCHIVE").ae("MODALITY").zeros(32)
            .item(0x10, "1.2.840.10008.3.1.1.1")
            .item(0x21, Bytes.of().hex("01 00 00 00").item(0x40, IMPLICIT).build())
            .item(0x21, Bytes.of().hex("03 00 04 00").item(0x40, "").build())
            .item(0x50, Bytes.of()
                .item(0x51, new byte[] {0, 0, (byte) 0x80, 0})
                .item(0x52, "1.2.3.5")
                .item(0x53, new byte[] {0, 1, 0, 1})
                .item(0x54, Bytes.of().u16(CT_STORAGE.length()).ascii(CT_STORAGE).hex("01 00").build())
                .item(0x59, Bytes.of().u16(2).ascii("ok").build())
                .build())
            .build();
        int length = expected.length - 6;
        expected[2] = (byte) (length >>> 24);
        expected[3] = (byte) (length >>> 16);
        expected[4] = (byte) (length >>> 8);
        expected[5] = (byte) length;
        assertArrayEquals(expected, encodeToArray(PduSamples.fullAc()));
    }

    @Test
    void fixedLengthPdus() {
        assertArrayEquals(Bytes.of().hex("03 00 00000004 00 01 01 07").build(),
            encodeToArray(new AAssociateRj(1, 1, 7)));
        assertArrayEquals(Bytes.of().hex("05 00 00000004 00000000").build(), encodeToArray(AReleaseRq.INSTANCE));
        assertArrayEquals(Bytes.of().hex("06 00 00000004 00000000").build(), encodeToArray(AReleaseRp.INSTANCE));
        assertArrayEquals(Bytes.of().hex("07 00 00000004 00 00 02 06").build(),
            encodeToArray(AAbort.byProvider(AAbort.INVALID_PDU_PARAMETER_VALUE)));
        assertArrayEquals(Bytes.of().hex("07 00 00000004 00 00 00 00").build(), encodeToArray(AAbort.byUser()));
    }

    @Test
    void pDataTfIsAComposite_payloadNotCopied() {
        ByteBuf command = ByteBufAllocator.DEFAULT.buffer().writeBytes("abc".getBytes(StandardCharsets.US_ASCII));
        ByteBuf data = ByteBufAllocator.DEFAULT.buffer().writeBytes("defgh".getBytes(StandardCharsets.US_ASCII));
        PDataTf pdu = PDataTf.of(new Pdv(1, true, true, command), new Pdv(1, false, false, data));
        ByteBuf encoded = PduEncoder.encode(pdu, ByteBufAllocator.DEFAULT);
        try {
            assertTrue(encoded instanceof CompositeByteBuf);
            assertEquals(2, command.refCnt(), "the encoder holds its own reference to the payload");
            byte[] expected = Bytes.of()
                .hex("04 00 00000014")
                .hex("00000005 01 03").ascii("abc")
                .hex("00000007 01 00").ascii("defgh")
                .build();
            byte[] actual = new byte[encoded.readableBytes()];
            encoded.getBytes(encoded.readerIndex(), actual);
            assertArrayEquals(expected, actual);
            // Copying encoder gives the same bytes.
            ByteBuf copy = Unpooled.buffer();
            PduEncoder.encodeTo(pdu, copy);
            assertEquals(Unpooled.wrappedBuffer(expected), copy);
        } finally {
            encoded.release();
            pdu.release();
        }
        assertEquals(0, command.refCnt());
        assertEquals(0, data.refCnt());
    }

    @Test
    void invalidPduCannotBeEncoded() {
        assertThrows(IllegalArgumentException.class,
            () -> PduEncoder.encode(new InvalidPdu(1, "x"), ByteBufAllocator.DEFAULT));
    }

    @Test
    void aeTitlesAreChecked() {
        UserInformation info = UserInformation.of(0, "1.2", null);
        List<PresentationContextRq> pcs = List.of(PresentationContextRq.of(1, VERIFICATION, IMPLICIT));
        assertThrows(IllegalArgumentException.class, () -> AAssociateRq.of("SEVENTEEN_LETTERS", "A", pcs, info));
        assertThrows(IllegalArgumentException.class, () -> AAssociateRq.of("   ", "A", pcs, info));
        assertThrows(IllegalArgumentException.class, () -> AAssociateRq.of("A\\B", "A", pcs, info));
        assertEquals("A", AAssociateRq.of(" A ", "B", pcs, info).calledAeTitle());
        assertEquals(EXPLICIT, PresentationContextRq.of(1, CT_STORAGE, EXPLICIT).transferSyntaxes().get(0));
    }
}
