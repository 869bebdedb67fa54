package io.sagitta.core.net.pdu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.sagitta.core.net.NoLeaks;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(NoLeaks.class)
class PDataFragmenterTest {

    private static final int MAX_PDU = 64;
    private static final int MAX_DATA = MAX_PDU - Pdv.HEADER_LENGTH;

    @Test
    void sizesAroundTheBoundary() {
        PDataFragmenter fragmenter = new PDataFragmenter(MAX_PDU);
        assertEquals(MAX_DATA, fragmenter.maxDataPerPdu());
        for (int size : new int[] {0, 1, MAX_DATA - 1, MAX_DATA, MAX_DATA + 1, 2 * MAX_DATA - 1, 2 * MAX_DATA,
            2 * MAX_DATA + 1, 10 * MAX_DATA + 7}) {
            ByteBuf stream = ByteBufAllocator.DEFAULT.buffer(size);
            for (int i = 0; i < size; i++) {
                stream.writeByte(i);
            }
            stream.readerIndex(0);
            List<PDataTf> pdus = fragmenter.fragment(5, false, stream, true);
            try {
                int expectedCount = size == 0 ? 1 : (size + MAX_DATA - 1) / MAX_DATA;
                assertEquals(expectedCount, pdus.size(), "size " + size);
                ByteBuf joined = ByteBufAllocator.DEFAULT.buffer(size);
                for (int i = 0; i < pdus.size(); i++) {
                    PDataTf pdu = pdus.get(i);
                    assertTrue(pdu.length() <= MAX_PDU, "PDU-length within the peer's maximum");
                    Pdv pdv = pdu.pdvs().get(0);
                    assertEquals(5, pdv.presentationContextId());
                    assertFalse(pdv.command());
                    assertEquals(i == pdus.size() - 1, pdv.last(), "last flag only on the last fragment");
                    if (i < pdus.size() - 1) {
                        assertEquals(MAX_DATA, pdv.data().readableBytes(), "all but the last are full");
                    }
                    joined.writeBytes(pdv.data(), pdv.data().readerIndex(), pdv.data().readableBytes());
                    // Encoded length really is within bounds.
                    ByteBuf encoded = PduEncoder.encode(pdu, ByteBufAllocator.DEFAULT);
                    assertTrue(encoded.readableBytes() - 6 <= MAX_PDU);
                    encoded.release();
                }
                assertEquals(stream, joined, "fragments join to the stream");
                joined.release();
                assertEquals(0, stream.readerIndex(), "input reader index untouched");
            } finally {
                pdus.forEach(PDataTf::release);
                stream.release();
            }
            assertEquals(0, stream.refCnt(), "fragments were slices holding their own references");
        }
    }

    @Test
    void slicesShareTheInput() {
        ByteBuf stream = ByteBufAllocator.DEFAULT.buffer(200).writeZero(200);
        List<PDataTf> pdus = new PDataFragmenter(MAX_PDU).fragment(1, true, stream, true);
        assertEquals(1 + pdus.size(), stream.refCnt());
        stream.setByte(0, 42);
        assertEquals(42, pdus.get(0).pdvs().get(0).data().getByte(0), "no copy");
        pdus.forEach(PDataTf::release);
        stream.release();
    }

    @Test
    void chunkedStreamMarksOnlyTheFinalChunk() {
        PDataFragmenter fragmenter = new PDataFragmenter(MAX_PDU);
        ByteBuf a = ByteBufAllocator.DEFAULT.buffer().writeZero(100);
        ByteBuf empty = ByteBufAllocator.DEFAULT.buffer(0);
        List<PDataTf> first = fragmenter.fragment(1, false, a, false);
        List<PDataTf> none = fragmenter.fragment(1, false, empty, false);
        List<PDataTf> end = fragmenter.fragment(1, false, empty, true);
        assertTrue(first.stream().noneMatch(p -> p.pdvs().get(0).last()));
        assertTrue(none.isEmpty());
        assertEquals(1, end.size());
        assertTrue(end.get(0).pdvs().get(0).last());
        assertEquals(0, end.get(0).pdvs().get(0).data().readableBytes());
        first.forEach(PDataTf::release);
        end.forEach(PDataTf::release);
        a.release();
        empty.release();
    }

    @Test
    void limits() {
        assertEquals(PDataFragmenter.DEFAULT_SEND_CAP - Pdv.HEADER_LENGTH, new PDataFragmenter(0).maxDataPerPdu());
        assertEquals(PDataFragmenter.DEFAULT_SEND_CAP - Pdv.HEADER_LENGTH,
            new PDataFragmenter(0xFFFFFFFFL).maxDataPerPdu());
        assertEquals(1, new PDataFragmenter(7).maxDataPerPdu());
        assertThrows(IllegalArgumentException.class, () -> new PDataFragmenter(6));
    }
}
