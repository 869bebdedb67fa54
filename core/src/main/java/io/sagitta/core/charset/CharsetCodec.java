package io.sagitta.core.charset;

import io.sagitta.core.data.VR;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * A character set without code extensions, read by a JDK charset over the whole value field:
 * the single-byte ISO 8859 parts, TIS-620, UTF-8, GB18030 and GBK. Decoding the whole field at
 * once matters for GBK and GB18030, whose second bytes include 05/12 (backslash) and 05/14 (^).
 */
final class CharsetCodec implements TextCodec {

    /**
     * ISO-IR 6, read leniently: bytes above 0x7F are taken as ISO-8859-1 (and written back so),
     * because files without (0008,0005) often hold Latin-1 and dropping it would lose names.
     */
    static final CharsetCodec LENIENT_ASCII = new CharsetCodec(StandardCharsets.ISO_8859_1, true);

    static final CharsetCodec UTF_8 = new CharsetCodec(StandardCharsets.UTF_8, false);

    private final Charset charset;
    private final boolean asciiRepertoire;

    private CharsetCodec(Charset charset, boolean asciiRepertoire) {
        this.charset = charset;
        this.asciiRepertoire = asciiRepertoire;
    }

    /** The codec for a JDK charset name; lenient ASCII when the runtime lacks the charset. */
    static CharsetCodec forName(String charsetName) {
        Charset charset = CodeTable.charsetOrNull(charsetName);
        return charset == null ? LENIENT_ASCII : new CharsetCodec(charset, false);
    }

    @Override
    public String decode(byte[] bytes, int offset, int length, VR vr) {
        return new String(bytes, offset, length, charset);
    }

    @Override
    public byte[] encode(String text, VR vr) {
        return text.getBytes(charset);
    }

    @Override
    public boolean canEncode(String text) {
        if (asciiRepertoire) {
            for (int i = 0; i < text.length(); i++) {
                if (text.charAt(i) >= 0x80) {
                    return false;
                }
            }
            return true;
        }
        // A new encoder each time: encoders keep state and this object is shared between threads.
        return charset.newEncoder().canEncode(text);
    }
}
