package io.sagitta.storage.index.impl;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The normalised forms of a PN value that the index matches on, made the same way from stored
 * values and from query values (whose {@code *} and {@code ?} pass through untouched).
 */
public final class PersonNames {

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern SEPARATORS = Pattern.compile("[\\s^,.\\-'=]+");

    private PersonNames() {
    }

    /**
     * The alphabetic component group, each component trimmed, trailing empty components dropped,
     * upper-cased with accents kept: "Müller^Hans^^" becomes "MÜLLER^HANS". Null for an empty name.
     */
    public static String upper(String pn) {
        if (pn == null) {
            return null;
        }
        int eq = pn.indexOf('=');
        String alphabetic = eq < 0 ? pn : pn.substring(0, eq);
        return components(alphabetic);
    }

    /** The whole value (all groups) upper-cased, for queries that name ideographic or phonetic groups. */
    public static String upperAllGroups(String pn) {
        if (pn == null) {
            return null;
        }
        String[] groups = pn.split("=", -1);
        StringBuilder sb = new StringBuilder();
        for (int g = 0; g < groups.length; g++) {
            if (g > 0) {
                sb.append('=');
            }
            String c = components(groups[g]);
            sb.append(c == null ? "" : c);
        }
        int end = sb.length();
        while (end > 0 && sb.charAt(end - 1) == '=') {
            end--;
        }
        return end == 0 ? null : sb.substring(0, end);
    }

    private static String components(String group) {
        String[] parts = group.split("\\^", -1);
        int last = parts.length - 1;
        while (last >= 0 && parts[last].trim().isEmpty()) {
            last--;
        }
        if (last < 0) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i <= last; i++) {
            if (i > 0) {
                sb.append('^');
            }
            sb.append(parts[i].trim());
        }
        return sb.toString().toUpperCase(Locale.ROOT);
    }

    /**
     * The words of the alphabetic group with accents folded and case dropped, each preceded by a
     * space: "Müller^Hans" becomes " MULLER HANS", so that {@code LIKE '% HANS%'} finds a word
     * start anywhere. Null for an empty name.
     */
    public static String fuzzy(String pn) {
        if (pn == null) {
            return null;
        }
        List<String> words = fuzzyWords(pn);
        if (words.isEmpty()) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        for (String w : words) {
            sb.append(' ').append(w);
        }
        return sb.toString();
    }

    /** The folded words of the alphabetic group (of a stored value or of a query value). */
    public static List<String> fuzzyWords(String pn) {
        int eq = pn.indexOf('=');
        String alphabetic = eq < 0 ? pn : pn.substring(0, eq);
        String folded = MARKS.matcher(Normalizer.normalize(alphabetic, Normalizer.Form.NFD)).replaceAll("");
        folded = folded.replace("ß", "SS").replace("ø", "o").replace("Ø", "O").replace("ł", "l").replace("Ł", "L")
            .replace("æ", "ae").replace("Æ", "AE").replace("œ", "oe").replace("Œ", "OE").replace("đ", "d").replace("Đ", "D");
        List<String> words = new ArrayList<>();
        for (String w : SEPARATORS.split(folded.toUpperCase(Locale.ROOT))) {
            if (!w.isEmpty()) {
                words.add(w);
            }
        }
        return words;
    }
}
