package io.sagitta.storage.index;

import java.util.Locale;

/** The Query/Retrieve levels of PS3.4 C.6; QIDO-RS's /studies, /series and /instances map to the last three. */
public enum QueryLevel {
    PATIENT, STUDY, SERIES, IMAGE;

    /** A (0008,0052) QueryRetrieveLevel value; anything else is an {@link InvalidQueryException}. */
    public static QueryLevel of(String value) {
        if (value != null) {
            String v = value.trim().toUpperCase(Locale.ROOT);
            for (QueryLevel level : values()) {
                if (level.name().equals(v)) {
                    return level;
                }
            }
        }
        throw new InvalidQueryException("unknown query level '" + value + "' (PATIENT, STUDY, SERIES or IMAGE)");
    }

    /** Whether an attribute of {@code level} can be matched or returned at this level (it is this level or above). */
    public boolean includes(QueryLevel level) {
        return level.ordinal() <= ordinal();
    }
}
