package io.sagitta.dicomweb.stow;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Just enough of RFC 9110 media types for STOW-RS: the type and one parameter, quoted or not. */
final class MediaType {

    private MediaType() {
    }

    /** The type/subtype in lower case, or "" for null. */
    static String type(String value) {
        if (value == null) {
            return "";
        }
        return split(value).get(0).trim().toLowerCase(Locale.ROOT);
    }

    /** The value of parameter {@code name} (case-insensitive), unquoted, or null. */
    static String parameter(String value, String name) {
        if (value == null) {
            return null;
        }
        List<String> parts = split(value);
        for (int i = 1; i < parts.size(); i++) {
            String p = parts.get(i).trim();
            int eq = p.indexOf('=');
            if (eq > 0 && p.substring(0, eq).trim().equalsIgnoreCase(name)) {
                String v = p.substring(eq + 1).trim();
                if (v.length() >= 2 && v.charAt(0) == '"' && v.charAt(v.length() - 1) == '"') {
                    v = v.substring(1, v.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
                }
                return v;
            }
        }
        return null;
    }

    private static List<String> split(String s) {
        List<String> out = new ArrayList<>();
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && quoted) {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == ';' && !quoted) {
                out.add(s.substring(start, i));
                start = i + 1;
            }
        }
        out.add(s.substring(start));
        return out;
    }
}
