package io.sagitta.bench.load;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Counts the parts of a multipart body as it streams by, without keeping it: finds each delimiter
 * {@code --boundary} (Boyer-Moore-Horspool over each chunk plus the few bytes carried over from the
 * previous one) and looks at the two bytes after it: {@code --} closes the body, anything else opens
 * a part. A body that ends before the closing delimiter is truncated.
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
        if (closed) {
            return; // the epilogue
        }
        byte[] window = new byte[carry.length + chunk.length];
        System.arraycopy(carry, 0, window, 0, carry.length);
        System.arraycopy(chunk, 0, window, carry.length, chunk.length);
        int n = delimiter.length;
        int keepFrom = Math.max(0, window.length - n - 1);
        int p = 0;
        while (p <= window.length - n) {
            if (matchesAt(window, p)) {
                if (p + n + 2 > window.length) {
                    keepFrom = p; // need the two bytes after it
                    break;
                }
                if (window[p + n] == '-' && window[p + n + 1] == '-') {
                    closed = true;
                    carry = new byte[0];
                    return;
                }
                parts++;
                p += n + 2;
                keepFrom = Math.max(keepFrom, Math.min(p, window.length));
                continue;
            }
            p += skip[window[p + n - 1] & 0xFF];
        }
        carry = Arrays.copyOfRange(window, Math.min(keepFrom, window.length), window.length);
    }

    private boolean matchesAt(byte[] window, int p) {
        for (int i = delimiter.length - 1; i >= 0; i--) {
            if (window[p + i] != delimiter[i]) {
                return false;
            }
        }
        return true;
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
