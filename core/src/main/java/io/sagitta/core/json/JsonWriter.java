package io.sagitta.core.json;

import java.io.IOException;
import java.nio.CharBuffer;
import java.util.Arrays;

/**
 * Writes JSON tokens straight to an {@link Appendable}: commas, colons, escaping and optional
 * indentation, nothing else. The caller is trusted to nest calls correctly and to pass number
 * text that is already valid JSON; this class only keeps the output well formed around them.
 *
 * <p>Pretty printing puts each object member on its own line; an array whose first element is a
 * string, number or null stays on one line ({@code ["CT", "PT"]}), one of objects is broken up.
 */
final class JsonWriter {

    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final char[] BASE64 =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".toCharArray();
    /** The most base64 characters staged before they are appended (a multiple of 4). */
    private static final int SCRATCH_SIZE = 4096;

    private final Appendable out;
    private final int indent;
    /** Per open container: whether it is still empty, whether its elements go on their own lines. */
    private boolean[] empty = new boolean[16];
    private boolean[] multiline = new boolean[16];
    private int depth;
    private boolean afterName;
    /** Base64 staging, made on first use: most documents (QIDO results) have no binary value. */
    private char[] scratch;

    JsonWriter(Appendable out, int indent) {
        this.out = out;
        this.indent = indent;
    }

    void beginObject() throws IOException {
        beforeValue(true);
        push(false);
        out.append('{');
    }

    void endObject() throws IOException {
        pop('}');
    }

    void beginArray() throws IOException {
        beforeValue(true);
        push(true);
        out.append('[');
    }

    void endArray() throws IOException {
        pop(']');
    }

    void name(String name) throws IOException {
        int top = depth - 1;
        if (!empty[top]) {
            out.append(',');
        }
        empty[top] = false;
        if (indent > 0) {
            newline(depth);
        }
        quoted(name);
        out.append(indent > 0 ? ": " : ":");
        afterName = true;
    }

    void string(CharSequence value) throws IOException {
        beforeValue(false);
        quoted(value);
    }

    /** Writes number text that the caller has made valid JSON (no NaN, no leading zeros, no '+'). */
    void number(CharSequence jsonNumber) throws IOException {
        beforeValue(false);
        out.append(jsonNumber);
    }

    void nullValue() throws IOException {
        beforeValue(false);
        out.append("null");
    }

    /** Writes bytes as a base64 string, streamed through a small buffer rather than one big String. */
    void base64(byte[] bytes) throws IOException {
        beforeValue(false);
        out.append('"');
        int encoded = (bytes.length + 2) / 3 * 4;
        if (scratch == null || scratch.length < Math.min(encoded, SCRATCH_SIZE)) {
            scratch = new char[Math.min(encoded, SCRATCH_SIZE)];
        }
        char[] scratch = this.scratch;
        int n = 0;
        int i = 0;
        for (; i + 2 < bytes.length; i += 3) {
            int bits = (bytes[i] & 0xFF) << 16 | (bytes[i + 1] & 0xFF) << 8 | (bytes[i + 2] & 0xFF);
            scratch[n++] = BASE64[bits >>> 18];
            scratch[n++] = BASE64[(bits >>> 12) & 0x3F];
            scratch[n++] = BASE64[(bits >>> 6) & 0x3F];
            scratch[n++] = BASE64[bits & 0x3F];
            if (n + 4 > scratch.length) {
                out.append(CharBuffer.wrap(scratch, 0, n));
                n = 0;
            }
        }
        int rest = bytes.length - i;
        if (rest > 0) {
            int bits = (bytes[i] & 0xFF) << 16 | (rest == 2 ? (bytes[i + 1] & 0xFF) << 8 : 0);
            scratch[n++] = BASE64[bits >>> 18];
            scratch[n++] = BASE64[(bits >>> 12) & 0x3F];
            scratch[n++] = rest == 2 ? BASE64[(bits >>> 6) & 0x3F] : '=';
            scratch[n++] = '=';
        }
        out.append(CharBuffer.wrap(scratch, 0, n));
        out.append('"');
    }

    private void beforeValue(boolean container) throws IOException {
        if (afterName) {
            afterName = false;
            return;
        }
        if (depth == 0) {
            return;
        }
        int top = depth - 1;
        if (empty[top]) {
            empty[top] = false;
            // The first element decides the layout of the whole array.
            multiline[top] = indent > 0 && container;
        } else {
            out.append(',');
            if (indent > 0 && !multiline[top]) {
                out.append(' ');
            }
        }
        if (multiline[top]) {
            newline(depth);
        }
    }

    private void push(boolean array) {
        if (depth == empty.length) {
            empty = Arrays.copyOf(empty, depth * 2);
            multiline = Arrays.copyOf(multiline, depth * 2);
        }
        empty[depth] = true;
        multiline[depth] = indent > 0 && !array;
        depth++;
    }

    private void pop(char close) throws IOException {
        depth--;
        if (multiline[depth] && !empty[depth]) {
            newline(depth);
        }
        out.append(close);
    }

    private void newline(int level) throws IOException {
        out.append('\n');
        for (int i = level * indent; i > 0; i--) {
            out.append(' ');
        }
    }

    /**
     * Quotes and escapes per RFC 8259: quote, backslash and control characters are escaped;
     * everything else, surrogate pairs included, goes out as is. A lone surrogate (possible in a
     * Java String, not in Unicode) is escaped as {@code \\uXXXX} so the output stays valid text.
     */
    private void quoted(CharSequence s) throws IOException {
        out.append('"');
        int start = 0;
        int length = s.length();
        for (int i = 0; i < length; i++) {
            char c = s.charAt(i);
            String escape = null;
            boolean unicode = false;
            if (c == '"') {
                escape = "\\\"";
            } else if (c == '\\') {
                escape = "\\\\";
            } else if (c < 0x20) {
                switch (c) {
                    case '\n': escape = "\\n"; break;
                    case '\r': escape = "\\r"; break;
                    case '\t': escape = "\\t"; break;
                    case '\b': escape = "\\b"; break;
                    case '\f': escape = "\\f"; break;
                    default: unicode = true;
                }
            } else if (Character.isSurrogate(c)) {
                boolean paired = Character.isHighSurrogate(c)
                    ? i + 1 < length && Character.isLowSurrogate(s.charAt(i + 1))
                    : i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
                unicode = !paired;
            }
            if (escape == null && !unicode) {
                continue;
            }
            out.append(s, start, i);
            if (escape != null) {
                out.append(escape);
            } else {
                out.append("\\u").append(HEX[c >>> 12]).append(HEX[(c >>> 8) & 0xF])
                    .append(HEX[(c >>> 4) & 0xF]).append(HEX[c & 0xF]);
            }
            start = i + 1;
        }
        out.append(s, start, length);
        out.append('"');
    }
}
