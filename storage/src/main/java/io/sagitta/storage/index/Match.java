package io.sagitta.storage.index;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.List;

/**
 * One attribute's matching condition, parsed from DICOM matching syntax (PS3.4 C.2.2.2) by
 * {@link IndexQuery.Builder#build()}. Independent of SQL: the index translates it.
 */
public sealed interface Match {

    /** Universal matching: an empty value (or {@code *}); the attribute is only returned. */
    record Universal() implements Match {
    }

    /**
     * Single value matching, or a list of values any of which may match (UID list matching, and
     * backslash-separated values elsewhere). A value holding {@code *} or {@code ?} is a wildcard.
     */
    record Values(List<String> values) implements Match {
        public Values {
            values = List.copyOf(values);
        }

        public static boolean isWildcard(String value) {
            return value.indexOf('*') >= 0 || value.indexOf('?') >= 0;
        }
    }

    /** Integer values (IS), any of which may match. */
    record Numbers(List<Long> values) implements Match {
        public Numbers {
            values = List.copyOf(values);
        }
    }

    /** A DA range, bounds inclusive, a null bound open; a single date is a range of one day. */
    record DateRange(LocalDate from, LocalDate to) implements Match {
    }

    /** A TM range, bounds inclusive, a null bound open; a value's precision widens its upper bound. */
    record TimeRange(LocalTime from, LocalTime to) implements Match {
    }

    /** A date-time range: a DT range, or a DA range and TM range matched together (C.2.2.2.5.1). */
    record DateTimeRange(LocalDateTime from, LocalDateTime to) implements Match {
    }
}
