package io.sagitta.core.charset;

import io.sagitta.core.data.VR;
import java.util.ArrayList;
import java.util.List;

/**
 * Text under ISO 2022 code extensions as DICOM restricts them (PS3.5 6.1.2.5): G0 invoked by GL
 * bytes, G1 by GR bytes, no shifts, and an initial state (value 1 of the Specific Character Set)
 * that is active again before every delimiter and control character.
 *
 * <p>This class holds what the decoder and encoder share: the initial state, the code elements
 * the set lists (in the order the encoder tries them) and the rules for delimiters.
 */
final class Iso2022Codec implements TextCodec {

    private final CodeElement initialG0;
    private final CodeElement initialG1;
    /** The initial G0 first, then the elements of each term in the order (0008,0005) lists them. */
    private final CodeElement[] elements;

    private Iso2022Codec(CodeElement initialG0, CodeElement initialG1, CodeElement[] elements) {
        this.initialG0 = initialG0;
        this.initialG1 = initialG1;
        this.elements = elements;
    }

    /**
     * The codec for the terms of (0008,0005); an entry is null where the value is empty or names
     * no term. Terms that cannot take part in code extensions (UTF-8, GB18030, GBK) are skipped.
     */
    static Iso2022Codec of(List<DefinedTerm> terms) {
        DefinedTerm first = terms.isEmpty() ? null : terms.get(0);
        // Value 1 sets the initial state. Only an ISO 646 set in G0 keeps delimiters readable, so a
        // double-byte G0 set named there leaves G0 to ASCII; a G1 set named there (a lone "ISO 2022
        // IR 149", say) counts as designated, so text written without its escape still reads.
        CodeElement g0 = first != null && first.g0() != null && first.g0().isIso646() ? first.g0() : CodeElement.ASCII;
        CodeElement g1 = first != null && first.allowsCodeExtensions() ? first.g1() : null;
        List<CodeElement> list = new ArrayList<>();
        list.add(g0);
        for (DefinedTerm term : terms) {
            if (term != null && term.allowsCodeExtensions()) {
                addOnce(list, term.g0());
                addOnce(list, term.g1());
            }
        }
        return new Iso2022Codec(g0, g1, list.toArray(new CodeElement[0]));
    }

    private static void addOnce(List<CodeElement> list, CodeElement e) {
        if (e != null && !list.contains(e)) {
            list.add(e);
        }
    }

    CodeElement initialG0() {
        return initialG0;
    }

    CodeElement initialG1() {
        return initialG1;
    }

    @Override
    public String decode(byte[] bytes, int offset, int length, VR vr) {
        return new Iso2022Decoder(this, vr).decode(bytes, offset, length);
    }

    @Override
    public byte[] encode(String text, VR vr) {
        return new Iso2022Encoder(this, vr).encode(text);
    }

    @Override
    public boolean canEncode(String text) {
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            boolean structural = cp == '\\' || isControl(cp);
            if (!structural && choose(cp, null) < 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * The first listed element that holds the code point, packed as {@code index << 16 | code}, or
     * -1. An ISO 646 byte that is a delimiter for the VR is only allowed from the initial G0: the
     * decoder reads every delimiter byte there, so anything else (a YEN SIGN written in romaji
     * under an ASCII initial state, say) would not come back as written.
     */
    int choose(int codePoint, VR vr) {
        for (int k = 0; k < elements.length; k++) {
            CodeElement e = elements[k];
            int code = e.table().encode(codePoint);
            if (code < 0) {
                continue;
            }
            if (e.isIso646() && isDelimiter(code, vr)
                    && (e != initialG0 || (code == '\\' && isMultiValued(vr)))) {
                continue;
            }
            return k << 16 | code;
        }
        return -1;
    }

    CodeElement element(int choice) {
        return elements[choice >>> 16];
    }

    /** C0 controls other than ESC end a run of text (PS3.5 6.1.2.5.3): CR, LF, FF, TAB, ... */
    static boolean isControl(int c) {
        return c < 0x20 && c != 0x1B;
    }

    /**
     * True for an ISO 646 byte before which the initial state must be active: the value delimiter
     * (every VR: PS3.5 6.1.2.5.3 names it without exception) and, in PN, '^' and '='.
     */
    static boolean isDelimiter(int b, VR vr) {
        return b == '\\' || (vr == VR.PN && (b == '^' || b == '='));
    }

    /** True where 05/12 separates values (SH, LO, PN, UC) rather than being text (ST, LT, UT). */
    static boolean isMultiValued(VR vr) {
        return vr == null || vr.kind() == VR.Kind.STRING;
    }
}
