package io.sagitta.dicomweb.stow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MultipartReaderTest {

    static final String BOUNDARY = "b0und-ary";

    /** Records events as text: headers, body bytes, ends. */
    static final class Recorder implements MultipartHandler {
        final List<Map<String, String>> headers = new ArrayList<>();
        final List<ByteArrayOutputStream> bodies = new ArrayList<>();
        boolean open;
        boolean ended;

        @Override
        public void partStart(Map<String, String> h) {
            assertTrue(!open && !ended);
            open = true;
            headers.add(h);
            bodies.add(new ByteArrayOutputStream());
        }

        @Override
        public void partData(Buffer data) {
            assertTrue(open);
            bodies.get(bodies.size() - 1).writeBytes(data.getBytes());
        }

        @Override
        public void partEnd() {
            assertTrue(open);
            open = false;
        }

        @Override
        public void end() {
            assertTrue(!open);
            ended = true;
        }

        List<String> bodyStrings() {
            List<String> out = new ArrayList<>();
            for (ByteArrayOutputStream b : bodies) {
                out.add(b.toString(StandardCharsets.ISO_8859_1));
            }
            return out;
        }
    }

    static byte[] body(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static Recorder read(byte[] input, int[] cuts) {
        Recorder r = new Recorder();
        MultipartReader reader = new MultipartReader(BOUNDARY, 1024, 100, r);
        int from = 0;
        for (int cut : cuts) {
            reader.feed(Buffer.buffer().appendBytes(input, from, cut - from));
            from = cut;
        }
        reader.feed(Buffer.buffer().appendBytes(input, from, input.length - from));
        reader.finish();
        return r;
    }

    /** RFC 2046: the boundary must not occur in a body; a delimiter followed by other text is an error. */
    @Test
    void delimiterFollowedByOtherTextIsMalformed() {
        String bad = "--" + BOUNDARY + "\r\n\r\nx\r\n--" + BOUNDARY + "x\r\n--" + BOUNDARY + "--";
        assertThrows(MalformedMultipartException.class, () -> read(body(bad), new int[0]));
    }

    static final String GOOD = "preamble text\r\n--" + BOUNDARY + "\r\n"
        + "Content-Type: application/dicom\r\nX-Long: a\r\n b\r\n\r\n"
        + "first \r\n-" + BOUNDARY + "\r\n--" + BOUNDARY.substring(0, 4) + "\r\r\n"
        + "\r\n--" + BOUNDARY + "  \t\r\n"
        + "\r\n"
        + "\r\n--" + BOUNDARY + "\r\n"
        + "content-type: text/plain\r\n\r\n"
        + "third\r\r\n\n\r\n--" + BOUNDARY + "--epilogue\r\n--" + BOUNDARY + "\r\njunk";

    static void checkGood(Recorder r) {
        assertTrue(r.ended);
        assertEquals(List.of("first \r\n-" + BOUNDARY + "\r\n--" + BOUNDARY.substring(0, 4) + "\r\r\n", "", "third\r\r\n\n"),
            r.bodyStrings());
        assertEquals("application/dicom", r.headers.get(0).get("content-type"));
        assertEquals("a b", r.headers.get(0).get("x-long"));
        assertEquals(Map.of(), r.headers.get(1));
        assertEquals("text/plain", r.headers.get(2).get("content-type"));
    }

    @Test
    void wholeInput() {
        checkGood(read(body(GOOD), new int[0]));
    }

    @Test
    void everySingleSplitAndByteByByte() {
        byte[] in = body(GOOD);
        for (int cut = 0; cut <= in.length; cut++) {
            checkGood(read(in, new int[] {cut}));
        }
        int[] all = new int[in.length - 1];
        for (int i = 0; i < all.length; i++) {
            all[i] = i + 1;
        }
        checkGood(read(in, all));
    }

    @Test
    void randomChunks() {
        byte[] in = body(GOOD);
        Random random = new Random(7);
        for (int round = 0; round < 2000; round++) {
            List<Integer> cuts = new ArrayList<>();
            int at = 0;
            while (true) {
                at += 1 + random.nextInt(20);
                if (at >= in.length) {
                    break;
                }
                cuts.add(at);
            }
            checkGood(read(in, cuts.stream().mapToInt(Integer::intValue).toArray()));
        }
    }

    @Test
    void boundaryAtTheVeryStartAndQuotedParameter() {
        String b = "--" + BOUNDARY + "\r\n\r\nx\r\n--" + BOUNDARY + "--";
        assertEquals(List.of("x"), read(body(b), new int[0]).bodyStrings());
        assertEquals("a b:c", MultipartReader.boundaryOf("multipart/related; type=\"application/dicom\"; boundary=\"a b:c\""));
        assertEquals("abc", MultipartReader.boundaryOf("multipart/related;boundary=abc;type=application/dicom"));
    }

    @Test
    void malformedInputs() {
        for (String bad : new String[] {"", "no boundary at all", "--" + BOUNDARY + "\r\n\r\nunterminated",
            "--" + BOUNDARY + "\r\nno-colon\r\n\r\nx\r\n--" + BOUNDARY + "--", "--" + BOUNDARY + "X\r\n",
            "--" + BOUNDARY + "-x"}) {
            assertThrows(MalformedMultipartException.class, () -> read(body(bad), new int[0]), bad);
        }
        StringBuilder longHeader = new StringBuilder("--" + BOUNDARY + "\r\nX: ");
        longHeader.append("a".repeat(2000)).append("\r\n\r\n");
        assertThrows(MalformedMultipartException.class, () -> read(body(longHeader.toString()), new int[0]));
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 101; i++) {
            many.append("--").append(BOUNDARY).append("\r\n\r\nx\r\n");
        }
        assertThrows(MalformedMultipartException.class, () -> read(body(many.toString()), new int[0]));
        assertThrows(MalformedMultipartException.class, () -> MultipartReader.boundaryOf("multipart/related"));
        assertThrows(MalformedMultipartException.class, () -> MultipartReader.boundaryOf("multipart/related; boundary=" + "a".repeat(71)));
    }

    /** Any bytes: events or MalformedMultipartException, nothing else; chunking never changes the result. */
    static void property(byte[] input, int cut) {
        String whole;
        try {
            whole = describe(read(input, new int[0]));
        } catch (MalformedMultipartException e) {
            whole = "malformed";
        }
        String split;
        try {
            split = describe(read(input, new int[] {Math.floorMod(cut, input.length + 1)}));
        } catch (MalformedMultipartException e) {
            split = "malformed";
        }
        assertEquals(whole, split);
    }

    private static String describe(Recorder r) {
        return r.headers + " " + r.bodyStrings() + " " + r.ended;
    }

    @FuzzTest(maxDuration = "2m")
    void fuzz(byte[] input) {
        property(input, input.length / 2 + 1);
    }

    @Test
    void mutationsOfAValidBody() {
        byte[] seed = body(GOOD);
        String alphabet = "\r\n- \t:" + BOUNDARY;
        Random random = new Random(20261123);
        for (int round = 0; round < 5000; round++) {
            StringBuilder doc = new StringBuilder(GOOD);
            for (int edits = 1 + random.nextInt(3); edits > 0; edits--) {
                int at = random.nextInt(doc.length() + 1);
                switch (random.nextInt(3)) {
                    case 0:
                        doc.delete(at, Math.min(doc.length(), at + 1 + random.nextInt(6)));
                        break;
                    case 1:
                        doc.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                        break;
                    default:
                        if (at < doc.length()) {
                            doc.setCharAt(at, (char) random.nextInt(256));
                        }
                }
            }
            property(body(doc.toString()), random.nextInt(seed.length + 1));
        }
    }
}
