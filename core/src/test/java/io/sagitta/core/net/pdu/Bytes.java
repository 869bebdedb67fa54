package io.sagitta.core.net.pdu;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** Builds expected byte layouts by hand, field by field, as PS3.8 draws them. */
final class Bytes {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    static Bytes of() {
        return new Bytes();
    }

    /** Hex digits, spaces ignored. */
    Bytes hex(String hex) {
        out.writeBytes(HexFormat.of().parseHex(hex.replace(" ", "")));
        return this;
    }

    Bytes u8(int v) {
        out.write(v);
        return this;
    }

    Bytes u16(int v) {
        return u8(v >>> 8).u8(v & 0xFF);
    }

    Bytes u32(long v) {
        return u16((int) (v >>> 16) & 0xFFFF).u16((int) v & 0xFFFF);
    }

    Bytes ascii(String s) {
        out.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
        return this;
    }

    /** An AE title field: 16 bytes, space padded. */
    Bytes ae(String s) {
        ascii(s);
        for (int i = s.length(); i < 16; i++) {
            out.write(' ');
        }
        return this;
    }

    Bytes zeros(int n) {
        out.writeBytes(new byte[n]);
        return this;
    }

    /** An item: type, reserved, 16-bit length, value. */
    Bytes item(int type, byte[] value) {
        return u8(type).u8(0).u16(value.length).bytes(value);
    }

    Bytes item(int type, String value) {
        return item(type, value.getBytes(StandardCharsets.US_ASCII));
    }

    Bytes bytes(byte[] b) {
        out.writeBytes(b);
        return this;
    }

    int length() {
        return out.size();
    }

    byte[] build() {
        return out.toByteArray();
    }
}
