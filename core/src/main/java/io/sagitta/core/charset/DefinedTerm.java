package io.sagitta.core.charset;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The Defined Terms of Specific Character Set (0008,0005) (PS3.3 C.12.1.1.2): for each repertoire,
 * its name without and with code extensions, the JDK charset that reads the plain form, and the
 * code elements its ISO 2022 form puts in G0 and G1.
 */
enum DefinedTerm {
    ISO_IR_6("ISO_IR 6", "ISO 2022 IR 6", null, CodeElement.ASCII, null),
    ISO_IR_100("ISO_IR 100", "ISO 2022 IR 100", "ISO-8859-1", CodeElement.ASCII, CodeElement.LATIN_1),
    ISO_IR_101("ISO_IR 101", "ISO 2022 IR 101", "ISO-8859-2", CodeElement.ASCII, CodeElement.LATIN_2),
    ISO_IR_109("ISO_IR 109", "ISO 2022 IR 109", "ISO-8859-3", CodeElement.ASCII, CodeElement.LATIN_3),
    ISO_IR_110("ISO_IR 110", "ISO 2022 IR 110", "ISO-8859-4", CodeElement.ASCII, CodeElement.LATIN_4),
    ISO_IR_144("ISO_IR 144", "ISO 2022 IR 144", "ISO-8859-5", CodeElement.ASCII, CodeElement.CYRILLIC),
    ISO_IR_127("ISO_IR 127", "ISO 2022 IR 127", "ISO-8859-6", CodeElement.ASCII, CodeElement.ARABIC),
    ISO_IR_126("ISO_IR 126", "ISO 2022 IR 126", "ISO-8859-7", CodeElement.ASCII, CodeElement.GREEK),
    ISO_IR_138("ISO_IR 138", "ISO 2022 IR 138", "ISO-8859-8", CodeElement.ASCII, CodeElement.HEBREW),
    ISO_IR_148("ISO_IR 148", "ISO 2022 IR 148", "ISO-8859-9", CodeElement.ASCII, CodeElement.LATIN_5),
    ISO_IR_203("ISO_IR 203", "ISO 2022 IR 203", "ISO-8859-15", CodeElement.ASCII, CodeElement.LATIN_9),
    ISO_IR_166("ISO_IR 166", "ISO 2022 IR 166", "TIS-620", CodeElement.ASCII, CodeElement.THAI),
    /** No JDK charset: it would read 05/12 as a backslash where JIS X 0201 has a YEN SIGN. */
    ISO_IR_13("ISO_IR 13", "ISO 2022 IR 13", null, CodeElement.JIS_X0201_ROMAN, CodeElement.JIS_X0201_KATAKANA),
    ISO_IR_87(null, "ISO 2022 IR 87", null, CodeElement.JIS_X0208, null),
    ISO_IR_159(null, "ISO 2022 IR 159", null, CodeElement.JIS_X0212, null),
    ISO_IR_149(null, "ISO 2022 IR 149", null, null, CodeElement.KS_X1001),
    ISO_IR_58(null, "ISO 2022 IR 58", null, null, CodeElement.GB2312),
    /** The three below "shall not be used with code extensions" (PS3.3 C.12.1.1.2). */
    ISO_IR_192("ISO_IR 192", null, "UTF-8", null, null),
    GB18030("GB18030", null, "GB18030", null, null),
    GBK("GBK", null, "GBK", null, null);

    private static final Map<String, DefinedTerm> BY_KEY = new HashMap<>();

    static {
        for (DefinedTerm t : values()) {
            if (t.plainName != null) {
                BY_KEY.put(key(t.plainName), t);
            }
            if (t.iso2022Name != null) {
                BY_KEY.put(key(t.iso2022Name), t);
            }
        }
    }

    private final String plainName;
    private final String iso2022Name;
    private final String charsetName;
    private final CodeElement g0;
    private final CodeElement g1;

    DefinedTerm(String plainName, String iso2022Name, String charsetName, CodeElement g0, CodeElement g1) {
        this.plainName = plainName;
        this.iso2022Name = iso2022Name;
        this.charsetName = charsetName;
        this.g0 = g0;
        this.g1 = g1;
    }

    /** The term a value names, or null when it names none (empty values included). */
    static DefinedTerm lookup(String value) {
        return BY_KEY.get(key(value));
    }

    /** True when the value is spelled as a term with code extensions ("ISO 2022 IR ..."). */
    static boolean isIso2022Form(String value) {
        return key(value).startsWith("ISO2022");
    }

    /**
     * Case, spaces, underscores and hyphens ignored: "ISO_IR100", "iso-ir 100" and "ISO IR 100"
     * occur in real files and mean nothing else.
     */
    private static String key(String value) {
        StringBuilder b = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c != ' ' && c != '_' && c != '-') {
                b.append(c);
            }
        }
        return b.toString().toUpperCase(Locale.ROOT);
    }

    /** The JDK charset for the form without code extensions, or null where none reads it right. */
    String charsetName() {
        return charsetName;
    }

    /** False for UTF-8, GB18030 and GBK, which are never combined with other terms. */
    boolean allowsCodeExtensions() {
        return g0 != null || g1 != null;
    }

    CodeElement g0() {
        return g0;
    }

    CodeElement g1() {
        return g1;
    }
}
