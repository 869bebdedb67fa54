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

    /** A boundary as long as the archive's own, and part bodies full of its beginnings. */
    static final String LONG_BOUNDARY = "sagitta-0123456789abcdef0123456789abcdef0123";

    static byte[] binaryBody(Random random, int length) {
        byte[] delimiter = ("\r\n--" + LONG_BOUNDARY).getBytes(StandardCharsets.US_ASCII);
        byte[] b = new byte[length];
        random.nextBytes(b);
        for (int at = random.nextInt(64); at < length; at += 1 + random.nextInt(200)) {
            int n = Math.min(length - at, 1 + random.nextInt(delimiter.length - 1)); // never the whole delimiter
            System.arraycopy(delimiter, 0, b, at, n);
        }
        return b;
    }

    static byte[] multipartOf(List<byte[]> bodies) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] b : bodies) {
            out.writeBytes(body("--" + LONG_BOUNDARY + "\r\nContent-Type: application/dicom\r\n\r\n"));
            out.writeBytes(b);
            out.writeBytes(body("\r\n"));
        }
        out.writeBytes(body("--" + LONG_BOUNDARY + "--\r\n"));
        return out.toByteArray();
    }

    /** Reads {@code input} cut every {@code step} bytes, each chunk made by {@code chunk} from (from, to). */
    static List<byte[]> readChunks(byte[] input, int step, java.util.function.BiFunction<Integer, Integer, Buffer> chunk) {
        List<byte[]> out = new ArrayList<>();
        MultipartReader reader = new MultipartReader(LONG_BOUNDARY, 1024, 100, new MultipartHandler() {
            ByteArrayOutputStream current;

            @Override
            public void partStart(Map<String, String> headers) {
                current = new ByteArrayOutputStream();
            }

            @Override
            public void partData(Buffer data) {
                current.writeBytes(data.getBytes());
            }

            @Override
            public void partEnd() {
                out.add(current.toByteArray());
            }

            @Override
            public void end() {
            }
        });
        for (int at = 0; at < input.length; at += step) {
            reader.feed(chunk.apply(at, Math.min(input.length, at + step)));
        }
        reader.finish();
        return out;
    }

    static void assertBodies(List<byte[]> expected, List<byte[]> actual, String what) {
        assertEquals(expected.size(), actual.size(), what);
        for (int i = 0; i < expected.size(); i++) {
            org.junit.jupiter.api.Assertions.assertArrayEquals(expected.get(i), actual.get(i), what + ", part " + i);
        }
    }

    /**
     * Chunks as the HTTP layer hands them over: slices of a larger heap buffer (bytes at an offset in
     * its array) or direct buffers (no array); every chunk size up to past the delimiter's length puts
     * each delimiter across a chunk boundary at every position.
     */
    @Test
    void slicesAndDirectBuffersAtEveryChunkSize() {
        Random random = new Random(99);
        List<byte[]> bodies = List.of(binaryBody(random, 700), new byte[0], binaryBody(random, 1), binaryBody(random, 3000),
            body("\r\n--" + LONG_BOUNDARY.substring(0, 20)));
        byte[] input = multipartOf(bodies);
        Buffer whole = Buffer.buffer().appendBytes(new byte[13]).appendBytes(input).appendBytes(new byte[7]);
        for (int step = 1; step <= 120; step++) {
            assertBodies(bodies, readChunks(input, step, (from, to) -> whole.slice(13 + from, 13 + to)), "slices of " + step);
        }
        List<io.netty.buffer.ByteBuf> direct = new ArrayList<>();
        try {
            for (int step : new int[] {1, 2, 45, 46, 47, 48, 49, 50, 64, 4096, input.length}) {
                assertBodies(bodies, readChunks(input, step, (from, to) -> {
                    io.netty.buffer.ByteBuf buf = io.netty.buffer.Unpooled.directBuffer(to - from).writeBytes(input, from, to - from);
                    direct.add(buf);
                    return io.vertx.core.internal.buffer.BufferInternal.buffer(buf);
                }), "direct buffers of " + step);
            }
        } finally {
            direct.forEach(io.netty.buffer.ByteBuf::release);
        }
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
