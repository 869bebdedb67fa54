package io.sagitta.core.charset;

import io.sagitta.core.data.VR;
import java.nio.charset.StandardCharsets;

/** TEMPORARY placeholder until the charset branch lands (Latin-1/UTF-8 only). */
public final class SpecificCharacterSet {
    public static final SpecificCharacterSet DEFAULT = new SpecificCharacterSet(false);
    public static final SpecificCharacterSet UTF_8 = new SpecificCharacterSet(true);
    private final boolean utf8;

    private SpecificCharacterSet(boolean utf8) {
        this.utf8 = utf8;
    }

    public static SpecificCharacterSet of(String... values) {
        return values != null && values.length > 0 && values[0] != null && values[0].trim().equals("ISO_IR 192") ? UTF_8 : DEFAULT;
    }

    public String[] terms() {
        return new String[0];
    }

    public boolean isIso2022() {
        return false;
    }

    public String decode(byte[] bytes, int offset, int length, VR vr) {
        return new String(bytes, offset, length, utf8 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    }

    public String decode(byte[] bytes, VR vr) {
        return decode(bytes, 0, bytes.length, vr);
    }

    public byte[] encode(String text, VR vr) {
        return text.getBytes(utf8 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    }

    public boolean canEncode(String text) {
        return true;
    }
}
