package io.sagitta.dicomweb.stow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The skipping search against the plain one, on inputs made of the delimiter's own bytes (where skips go wrong). */
class DelimiterSearchTest {

    static final byte[] DELIMITER = "\r\n--ab-aab".getBytes(StandardCharsets.US_ASCII);

    static int naiveIndexOf(byte[] d, byte[] a, int from, int to) {
        outer:
        for (int i = from; i + d.length <= to; i++) {
            for (int k = 0; k < d.length; k++) {
                if (a[i + k] != d[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    static int naivePartialStart(byte[] d, byte[] a, int from, int to) {
        outer:
        for (int p = from; p < to; p++) {
            if (to - p >= d.length) {
                continue;
            }
            for (int k = 0; p + k < to; k++) {
                if (a[p + k] != d[k]) {
                    continue outer;
                }
            }
            return p;
        }
        return to;
    }

    /** Random bytes drawn mostly from the delimiter, with whole and partial delimiters planted. */
    static byte[] input(Random random, byte[] d, int length) {
        byte[] a = new byte[length];
        for (int i = 0; i < length; i++) {
            a[i] = random.nextInt(8) == 0 ? (byte) random.nextInt(256) : d[random.nextInt(d.length)];
        }
        for (int plants = random.nextInt(3); plants > 0 && length > 0; plants--) {
            int at = random.nextInt(length);
            int n = Math.min(length - at, random.nextBoolean() ? d.length : 1 + random.nextInt(d.length));
            System.arraycopy(d, 0, a, at, n);
        }
        return a;
    }

    @Test
    void agreesWithThePlainSearch() {
        Random random = new Random(4242);
        for (byte[] d : new byte[][] {DELIMITER, "\r\n--x".getBytes(StandardCharsets.US_ASCII),
            "\r\n--aaaaaaaa".getBytes(StandardCharsets.US_ASCII), "\r\n--0123456789abcdef0123456789abcdef01234567".getBytes(StandardCharsets.US_ASCII)}) {
            DelimiterSearch search = new DelimiterSearch(d);
            for (int round = 0; round < 20_000; round++) {
                byte[] a = input(random, d, random.nextInt(3 * d.length + 2));
                int from = a.length == 0 ? 0 : random.nextInt(a.length + 1);
                int to = from + random.nextInt(a.length - from + 1);
                int expected = naiveIndexOf(d, a, from, to);
                assertEquals(expected, search.indexOf(a, from, to));
                if (expected < 0) {
                    assertEquals(naivePartialStart(d, a, from, to), search.partialStart(a, from, to));
                }
            }
        }
    }

    /** A delimiter at every position of a window, and cut off at every length at its end. */
    @Test
    void everyPositionAndEveryCut() {
        DelimiterSearch search = new DelimiterSearch(DELIMITER);
        int m = DELIMITER.length;
        for (int at = 0; at <= 40; at++) {
            byte[] a = new byte[at + m + 5];
            java.util.Arrays.fill(a, (byte) 'a'); // the delimiter's last byte: no skip past it
            System.arraycopy(DELIMITER, 0, a, at, m);
            assertEquals(at, search.indexOf(a, 0, a.length));
            assertEquals(at, search.indexOf(a, at, at + m));
            assertEquals(-1, search.indexOf(a, at + 1, a.length));
            for (int cut = 1; cut < m; cut++) {
                assertEquals(-1, search.indexOf(a, 0, at + cut));
                assertEquals(at, search.partialStart(a, 0, at + cut), "at " + at + " cut " + cut);
            }
        }
        assertTrue(search.prefixAt(DELIMITER, 0, 3));
        assertFalse(search.prefixAt("\r\r\n".getBytes(StandardCharsets.US_ASCII), 0, 3));
    }
}
