package io.sagitta.core.charset;

/** Byte arrays written out in tests the way PS3.5 prints them (hex, space-separated). */
final class Bytes {

    private Bytes() {}

    /** Parses "1b 24 42 3b 33"; any whitespace separates bytes. */
    static byte[] hex(String text) {
        String[] parts = text.trim().split("\\s+");
        byte[] out = new byte[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = (byte) Integer.parseInt(parts[i], 16);
        }
        return out;
    }

    /** The bytes of an ASCII string, for the plain-text stretches of the standard's examples. */
    static byte[] ascii(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** Formats bytes as {@link #hex} reads them, so a failed assertion shows readable bytes. */
    static String toHex(byte[] bytes) {
        StringBuilder b = new StringBuilder();
        for (byte x : bytes) {
            if (b.length() > 0) {
                b.append(' ');
            }
            b.append(String.format("%02x", x & 0xFF));
        }
        return b.toString();
    }
}
