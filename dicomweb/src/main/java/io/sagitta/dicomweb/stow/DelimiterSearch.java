package io.sagitta.dicomweb.stow;

import java.util.Arrays;

/**
 * Finds a multipart delimiter in a byte array by Boyer-Moore-Horspool: it reads the byte under the
 * delimiter's last position and, unless that byte could end a match, skips ahead by up to the
 * delimiter's length. Body bytes (pixel data) rarely hold the boundary's characters, so most of a
 * body is stepped over rather than read byte by byte.
 */
final class DelimiterSearch {

    private final byte[] delimiter;
    /** For each byte value: how far the window may move when that byte is under its last position. */
    private final int[] shift = new int[256];

    DelimiterSearch(byte[] delimiter) {
        if (delimiter.length == 0) {
            throw new IllegalArgumentException("empty delimiter");
        }
        this.delimiter = delimiter.clone();
        int m = delimiter.length;
        Arrays.fill(shift, m);
        for (int k = 0; k < m - 1; k++) {
            shift[delimiter[k] & 0xFF] = m - 1 - k;
        }
    }

    int length() {
        return delimiter.length;
    }

    /** Where the first whole delimiter in {@code a[from, to)} starts, or -1. */
    int indexOf(byte[] a, int from, int to) {
        int m = delimiter.length;
        byte lastByte = delimiter[m - 1];
        for (int i = from, last = to - m; i <= last; ) {
            byte b = a[i + m - 1];
            if (b == lastByte && matchesAt(a, i)) {
                return i;
            }
            i += shift[b & 0xFF];
        }
        return -1;
    }

    /**
     * Where a delimiter that {@code a[from, to)} ends in the middle of could begin: the first
     * position whose bytes up to {@code to} are the delimiter's beginning, else {@code to}. Only
     * meaningful when {@link #indexOf} found no whole delimiter there; bytes before the answer
     * cannot belong to a delimiter.
     */
    int partialStart(byte[] a, int from, int to) {
        for (int p = Math.max(from, to - delimiter.length + 1); p < to; p++) {
            if (prefixAt(a, p, to)) {
                return p;
            }
        }
        return to;
    }

    /** Whether the whole delimiter is at {@code a[at]} (the caller knows it fits). */
    boolean matchesAt(byte[] a, int at) {
        return Arrays.equals(a, at, at + delimiter.length, delimiter, 0, delimiter.length);
    }

    /** Whether {@code a[from, to)} is the delimiter's beginning (shorter than the delimiter). */
    boolean prefixAt(byte[] a, int from, int to) {
        return Arrays.equals(a, from, to, delimiter, 0, to - from);
    }
}
