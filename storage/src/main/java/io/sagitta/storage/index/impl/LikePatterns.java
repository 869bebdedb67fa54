package io.sagitta.storage.index.impl;

/**
 * DICOM wildcards ({@code *}, {@code ?}) to SQL LIKE patterns. The pattern is always a bind
 * parameter; LIKE's own metacharacters ({@code %}, {@code _} and the escape {@code \}) in the
 * value are escaped so that they match themselves.
 */
final class LikePatterns {

    private LikePatterns() {
    }

    static String toLike(String value) {
        StringBuilder sb = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '*':
                    sb.append('%');
                    break;
                case '?':
                    sb.append('_');
                    break;
                case '%':
                case '_':
                case '\\':
                    sb.append('\\').append(c);
                    break;
                default:
                    sb.append(c);
            }
        }
        return sb.toString();
    }

    /** The literal text before the first wildcard. */
    static String literalPrefix(String value) {
        int end = 0;
        while (end < value.length() && value.charAt(end) != '*' && value.charAt(end) != '?') {
            end++;
        }
        return value.substring(0, end);
    }

    /**
     * The smallest string greater than every string starting with {@code prefix} (in code point
     * order, which is what COLLATE "C" compares), or null when there is none to be had cheaply.
     */
    static String prefixUpperBound(String prefix) {
        if (prefix.isEmpty()) {
            return null;
        }
        char last = prefix.charAt(prefix.length() - 1);
        if (Character.isSurrogate(last) || last == Character.MAX_VALUE || Character.isSurrogate((char) (last + 1))) {
            return null;
        }
        return prefix.substring(0, prefix.length() - 1) + (char) (last + 1);
    }
}
