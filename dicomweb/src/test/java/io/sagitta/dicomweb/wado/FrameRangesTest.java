package io.sagitta.dicomweb.wado;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fragment scan on its own: which fragment lists the start markers settle, and which they do not. */
class FrameRangesTest {

    private static List<PixelDataLayout.Fragment> heads(int... heads) {
        List<PixelDataLayout.Fragment> out = new ArrayList<>();
        long offset = 100;
        for (int h : heads) {
            out.add(new PixelDataLayout.Fragment(offset, 10, h));
            offset += 18;
        }
        return out;
    }

    @Test
    void markersAtFrameStartsGroupTheRest() {
        int soi = FrameRanges.JPEG_SOI;
        assertArrayEquals(new int[] {0, 2, 3, 5}, FrameRanges.scan(heads(soi, 0x1234, soi, soi, 0xFFD9), 3, soi));
        assertArrayEquals(new int[] {0, 2}, FrameRanges.scan(heads(soi, PixelDataLayout.NO_HEAD), 1, soi));
    }

    @Test
    void undecidedIsNull() {
        int soi = FrameRanges.JPEG_SOI;
        assertNull(FrameRanges.scan(heads(soi, soi, soi), 2, soi), "too many starts");
        assertNull(FrameRanges.scan(heads(soi, 0, 0), 2, soi), "too few starts");
        assertNull(FrameRanges.scan(heads(0, soi, soi), 2, soi), "the first fragment must start a frame");
        assertNull(FrameRanges.scan(heads(soi, 0, soi), 2, -1), "no marker for the syntax");
    }

    @Test
    void markerPerSyntax() {
        assertEquals(FrameRanges.JPEG_SOI, FrameRanges.startMarker("1.2.840.10008.1.2.4.50"));
        assertEquals(FrameRanges.JPEG_SOI, FrameRanges.startMarker("1.2.840.10008.1.2.4.70"));
        assertEquals(FrameRanges.JPEG_SOI, FrameRanges.startMarker("1.2.840.10008.1.2.4.80"));
        assertEquals(FrameRanges.JPEG2000_SOC, FrameRanges.startMarker("1.2.840.10008.1.2.4.90"));
        assertEquals(FrameRanges.JPEG2000_SOC, FrameRanges.startMarker("1.2.840.10008.1.2.4.201"));
        assertEquals(-1, FrameRanges.startMarker("1.2.840.10008.1.2.5"), "RLE has no marker");
        assertEquals(-1, FrameRanges.startMarker("1.2.840.10008.1.2.4.100"), "MPEG-2 streams are not framed this way");
    }
}
