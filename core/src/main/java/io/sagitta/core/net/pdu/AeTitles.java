package io.sagitta.core.net.pdu;

/** The 16-byte AE title fields of A-ASSOCIATE PDUs (PS3.8 section 9.3.2, PS3.5 VR AE). */
final class AeTitles {

    private AeTitles() {
    }

    /** Checks an AE title for encoding: 1 to 16 characters of the default repertoire, no backslash, not all spaces. */
    static String check(String title, String what) {
        if (title == null || title.isBlank() || title.length() > 16) {
            throw new IllegalArgumentException(what + " must be 1 to 16 characters and not blank: '" + title + "'");
        }
        for (int i = 0; i < title.length(); i++) {
            char c = title.charAt(i);
            if (c < 0x20 || c > 0x7E || c == '\\') {
                throw new IllegalArgumentException(what + " has a character outside the default repertoire: '" + title + "'");
            }
        }
        // Leading and trailing spaces are not significant (PS3.8 9.3.2).
        return title.strip();
    }

    /** For fields that are not tested: at most 16 characters, blank allowed. */
    static String lenient(String title, String what) {
        if (title == null || title.length() > 16) {
            throw new IllegalArgumentException(what + " must be at most 16 characters: '" + title + "'");
        }
        return title.strip();
    }
}
