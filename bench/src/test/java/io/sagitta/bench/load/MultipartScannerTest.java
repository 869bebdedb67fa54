package io.sagitta.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MultipartScannerTest {

    private static final String BODY = "preamble\r\n--b0und\r\nContent-Type: application/dicom\r\n\r\nAAAA--b0un\r\n"
        + "--b0und\r\nContent-Type: application/dicom\r\n\r\nBB\r\n--b0und--\r\nepilogue";

    @Test
    void countsPartsWhateverTheChunking() {
        byte[] body = BODY.getBytes(StandardCharsets.US_ASCII);
        for (int split1 = 0; split1 <= body.length; split1++) {
            for (int split2 = split1; split2 <= body.length; split2 += 3) {
                MultipartScanner s = new MultipartScanner("b0und");
                s.feed(Arrays.copyOfRange(body, 0, split1));
                s.feed(Arrays.copyOfRange(body, split1, split2));
                s.feed(Arrays.copyOfRange(body, split2, body.length));
                assertEquals(2, s.parts(), split1 + "/" + split2);
                assertTrue(s.closed(), split1 + "/" + split2);
                assertEquals(body.length, s.bytes());
            }
        }
    }

    @Test
    void readsBuffersInPlaceFromTheirReaderIndex() {
        byte[] body = BODY.getBytes(StandardCharsets.US_ASCII);
        for (int split = 0; split <= body.length; split++) {
            MultipartScanner s = new MultipartScanner("b0und");
            ByteBuf first = Unpooled.wrappedBuffer(("xx--b0und--" + BODY.substring(0, split)).getBytes(StandardCharsets.US_ASCII));
            first.skipBytes(11); // bytes before the reader index are not the body's
            ByteBuf second = Unpooled.wrappedBuffer(body, split, body.length - split);
            s.feed(first);
            s.feed(second);
            assertEquals(2, s.parts(), "split at " + split);
            assertTrue(s.closed(), "split at " + split);
            assertEquals(body.length, s.bytes());
            assertEquals(11, first.readerIndex(), "the scanner leaves the buffer's indices alone");
        }
    }

    @Test
    void countsPartsOfLargeBodiesFedInRandomSlices() {
        Random random = new Random(7);
        String boundary = "sagitta-0123";
        for (int round = 0; round < 200; round++) {
            int parts = random.nextInt(6);
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            for (int i = 0; i < parts; i++) {
                body.writeBytes(("--" + boundary + "\r\nContent-Type: application/dicom\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                byte[] payload = new byte[random.nextInt(3000)];
                random.nextBytes(payload);
                body.writeBytes(payload);
                body.writeBytes(("--" + boundary.substring(0, random.nextInt(boundary.length()))).getBytes(StandardCharsets.US_ASCII));
                body.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] bytes = body.toByteArray();
            MultipartScanner s = new MultipartScanner(boundary);
            for (int at = 0; at < bytes.length; ) {
                int length = Math.min(bytes.length - at, random.nextBoolean() ? random.nextInt(20) : random.nextInt(700));
                // A slice of a larger array, as an HTTP client's chunks are: offset and spare capacity.
                byte[] backing = new byte[length + 16];
                System.arraycopy(bytes, at, backing, 8, length);
                s.feed(Unpooled.wrappedBuffer(backing).slice(8, length));
                at += length;
            }
            assertEquals(parts, s.parts(), "round " + round);
            assertTrue(s.closed(), "round " + round);
            assertEquals(bytes.length, s.bytes());
        }
    }

    @Test
    void aBodyWithoutTheClosingDelimiterIsNotClosed() {
        byte[] body = BODY.substring(0, BODY.indexOf("--b0und--") + 8).getBytes(StandardCharsets.US_ASCII);
        MultipartScanner s = new MultipartScanner("b0und");
        s.feed(body);
        assertFalse(s.closed());
        assertEquals(2, s.parts(), "both parts opened; the closing delimiter lacks its second dash");
    }

    @Test
    void boundaryFromContentType() {
        assertEquals("abc", MultipartScanner.boundaryOf("multipart/related; type=\"application/dicom\"; boundary=abc"));
        assertEquals("a b", MultipartScanner.boundaryOf("Multipart/Related;boundary=\"a b\";type=x"));
        assertNull(MultipartScanner.boundaryOf("application/dicom"));
        assertNull(MultipartScanner.boundaryOf("multipart/related; type=x"));
        assertNull(MultipartScanner.boundaryOf(null));
    }
}
