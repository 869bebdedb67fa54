package io.sagitta.dicomweb.wado;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A small multipart/related reader for the tests: strict about delimiters, so a sloppy writer fails. */
final class Multipart {

    record Part(Map<String, String> headers, byte[] body) {
        String contentType() {
            return headers.get("content-type");
        }
    }

    private Multipart() {
    }

    static String boundary(String contentType) {
        for (String p : contentType.split(";")) {
            p = p.trim();
            if (p.toLowerCase(Locale.ROOT).startsWith("boundary=")) {
                String b = p.substring("boundary=".length());
                return b.startsWith("\"") ? b.substring(1, b.length() - 1) : b;
            }
        }
        throw new AssertionError("no boundary in " + contentType);
    }

    static List<Part> parse(String contentType, byte[] body) {
        byte[] delimiter = ("--" + boundary(contentType)).getBytes(StandardCharsets.US_ASCII);
        byte[] next = ("\r\n--" + boundary(contentType)).getBytes(StandardCharsets.US_ASCII);
        int at = indexOf(body, delimiter, 0);
        if (at < 0) {
            throw new AssertionError("no first delimiter");
        }
        at += delimiter.length;
        List<Part> parts = new ArrayList<>();
        while (true) {
            if (body[at] == '-' && body[at + 1] == '-') {
                return parts;
            }
            expect(body, at, "\r\n");
            at += 2;
            int headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), at);
            Map<String, String> headers = new LinkedHashMap<>();
            if (headersEnd > at) {
                for (String line : new String(body, at, headersEnd - at, StandardCharsets.US_ASCII).split("\r\n")) {
                    int colon = line.indexOf(':');
                    headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
                }
            }
            int start = headersEnd + 4;
            int end = indexOf(body, next, start);
            if (end < 0) {
                throw new AssertionError("part without closing delimiter");
            }
            byte[] content = new byte[end - start];
            System.arraycopy(body, start, content, 0, content.length);
            parts.add(new Part(headers, content));
            at = end + next.length;
        }
    }

    private static void expect(byte[] body, int at, String s) {
        if (!new String(body, at, s.length(), StandardCharsets.US_ASCII).equals(s)) {
            throw new AssertionError("expected '" + s + "' at " + at);
        }
    }

    static int indexOf(byte[] hay, byte[] needle, int from) {
        outer:
        for (int i = from; i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
