package io.sagitta.bench.load;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Counts the parts of a multipart body as it streams by, without keeping it: finds each delimiter
 * {@code --boundary} (Boyer-Moore-Horspool over each chunk plus the few bytes carried over from the
 * previous one) and looks at the two bytes after it: {@code --} closes the body, anything else opens
 * a part. A body that ends before the closing delimiter is truncated. Chunks are searched in place;
 * only the last few bytes of one are kept for the next.
 */
public final class MultipartScanner {

    private final byte[] delimiter;
    private final int[] skip = new int[256];
    private byte[] carry = new byte[0];
    private long bytes;
    private int parts;
    private boolean closed;

    public MultipartScanner(String boundary) {
        delimiter = ("--" + boundary).getBytes(StandardCharsets.US_ASCII);
        Arrays.fill(skip, delimiter.length);
        for (int i = 0; i < delimiter.length - 1; i++) {
            skip[delimiter[i] & 0xFF] = delimiter.length - 1 - i;
        }
    }

    /** The boundary parameter of a {@code multipart/...} content type, or null when there is none. */
    public static String boundaryOf(String contentType) {
        if (contentType == null || !contentType.regionMatches(true, 0, "multipart/", 0, 10)) {
            return null;
        }
        for (String param : contentType.split(";")) {
            String p = param.trim();
            if (p.regionMatches(true, 0, "boundary=", 0, 9)) {
                String value = p.substring(9).trim();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                return value.isEmpty() ? null : value;
            }
        }
        return null;
    }

    public void feed(byte[] chunk) {
        bytes += chunk.length;
        scan(chunk, 0, chunk.length);
    }

    /**
     * Scans {@code chunk} where it lies when it is an array (the HTTP client's chunks are), leaving its
     * indices alone: the body of a large retrieval is not copied again, so the tool's own reading weighs
     * little on what it measures.
     */
    public void feed(ByteBuf chunk) {
        int length = chunk.readableBytes();
        bytes += length;
        if (chunk.hasArray()) {
            scan(chunk.array(), chunk.arrayOffset() + chunk.readerIndex(), length);
        } else {
            byte[] copy = new byte[length];
            chunk.getBytes(chunk.readerIndex(), copy);
            scan(copy, 0, length);
        }
    }

    /**
     * Finds the delimiters in {@code data[offset, offset + length)}, after the bytes carried over from
     * the last chunk. A delimiter that starts in the carried bytes is looked for in a small seam (the
     * carried bytes and the first bytes of this chunk); the chunk itself is searched in place.
     */
    private void scan(byte[] data, int offset, int length) {
        if (closed) {
            return; // the epilogue
        }
        int n = delimiter.length;
        if (length <= n + 1) {
            // A short chunk: search the carried bytes and the chunk together (both are small).
            byte[] window = join(carry, data, offset, length);
            int end = window.length;
            keep(window, 0, end, search(window, 0, end, 0, end - n, Math.max(0, end - n - 1)));
            return;
        }
        int from = 0;
        if (carry.length > 0) {
            // Every delimiter that starts in the carried bytes ends, with the two bytes after it, in the seam.
            byte[] seam = join(carry, data, offset, n + 1);
            int resume = search(seam, 0, seam.length, 0, carry.length - 1, -1);
            if (closed) {
                return;
            }
            from = resume - carry.length;
        }
        keep(data, offset, length, search(data, offset, length, from, length - n, Math.max(from, length - n - 1)));
    }

    /**
     * Examines the start positions {@code first..last} of {@code a[offset, offset + length)} for the
     * delimiter, counting parts; a closing delimiter ends the body. Returns where the bytes to carry
     * over begin: from {@code keepFrom} on, after every counted delimiter, or at a delimiter whose two
     * following bytes have not come yet. With {@code keepFrom} -1: the position after the last examined.
     */
    private int search(byte[] a, int offset, int length, int first, int last, int keepFrom) {
        int n = delimiter.length;
        int p = first;
        while (p <= last) {
            if (matchesAt(a, offset + p)) {
                if (p + n + 2 > length) {
                    return p; // need the two bytes after it
                }
                if (a[offset + p + n] == '-' && a[offset + p + n + 1] == '-') {
                    closed = true;
                    return length;
                }
                parts++;
                p += n + 2;
                keepFrom = keepFrom < 0 ? keepFrom : Math.max(keepFrom, Math.min(p, length));
                continue;
            }
            p += skip[a[offset + p + n - 1] & 0xFF];
        }
        return keepFrom < 0 ? p : keepFrom;
    }

    private void keep(byte[] a, int offset, int length, int from) {
        carry = closed ? new byte[0] : Arrays.copyOfRange(a, offset + from, offset + length);
    }

    private boolean matchesAt(byte[] a, int at) {
        for (int i = delimiter.length - 1; i >= 0; i--) {
            if (a[at + i] != delimiter[i]) {
                return false;
            }
        }
        return true;
    }

    private static byte[] join(byte[] head, byte[] data, int offset, int length) {
        byte[] out = Arrays.copyOf(head, head.length + length);
        System.arraycopy(data, offset, out, head.length, length);
        return out;
    }

    /** Bytes fed, whole body. */
    public long bytes() {
        return bytes;
    }

    public int parts() {
        return parts;
    }

    /** Whether the closing delimiter was seen. */
    public boolean closed() {
        return closed;
    }
}
