package io.sagitta.core.charset;

import io.sagitta.core.data.VR;
import java.io.ByteArrayOutputStream;

/**
 * Writes one value field under ISO 2022 code extensions, the way PS3.5 Annexes H, I and K show:
 * each character goes to the first listed code element that holds it; a set is designated just
 * before the first character that needs it; and before every delimiter, control character and
 * the end of the field the initial state is restored, explicitly where it is needed:
 *
 * <ul>
 *   <li>G0 gets its escape back ({@code ESC ( B} after JIS X 0208, Example H.3-1);</li>
 *   <li>a G1 that was empty initially is simply dropped, so the next component designates its set
 *       again ({@code ESC $ ) C} before each Korean component, Example I.2-1);</li>
 *   <li>a G1 that held a set initially gets that set back, so any reader sees the state of
 *       value 1 again.</li>
 * </ul>
 *
 * One instance per field; not thread-safe.
 */
final class Iso2022Encoder {

    private final Iso2022Codec codec;
    private final VR vr;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private CodeElement g0;
    private CodeElement g1;

    Iso2022Encoder(Iso2022Codec codec, VR vr) {
        this.codec = codec;
        this.vr = vr;
        this.g0 = codec.initialG0();
        this.g1 = codec.initialG1();
    }

    byte[] encode(String text) {
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (Iso2022Codec.isControl(cp)) {
                restoreInitialState();
                out.write(cp);
                continue;
            }
            if (cp == '\\' && Iso2022Codec.isMultiValued(vr)) {
                // The value delimiter is structure, not text: it is 05/12 even where that is ¥.
                restoreInitialState();
                out.write('\\');
                continue;
            }
            int choice = codec.choose(cp, vr);
            if (choice < 0) {
                // Both ISO 646 variants hold '?', and the initial G0 is always one of them.
                choice = codec.choose('?', vr);
            }
            CodeElement element = codec.element(choice);
            int code = choice & 0xFFFF;
            if (element.isIso646() && Iso2022Codec.isDelimiter(code, vr)) {
                restoreInitialState();
            }
            write(element, code);
        }
        restoreInitialState();
        return out.toByteArray();
    }

    private void write(CodeElement element, int code) {
        int highBit = 0;
        if (element.homeRegister() == 0) {
            if (g0 != element) {
                out.writeBytes(element.designation());
                g0 = element;
            }
        } else {
            if (g1 != element) {
                out.writeBytes(element.designation());
                g1 = element;
            }
            highBit = 0x80;
        }
        if (element.isDoubleByte()) {
            out.write((code >> 8) | highBit);
        }
        out.write((code & 0xFF) | highBit);
    }

    private void restoreInitialState() {
        CodeElement initialG0 = codec.initialG0();
        CodeElement initialG1 = codec.initialG1();
        if (g0 != initialG0) {
            out.writeBytes(initialG0.designation());
            g0 = initialG0;
        }
        if (g1 != initialG1) {
            if (initialG1 != null) {
                out.writeBytes(initialG1.designation());
            }
            g1 = initialG1;
        }
    }
}
