package io.sagitta.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
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
