package io.sagitta.core.data;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.Temporal;

/**
 * Parsing of the DICOM date and time VRs (PS3.5 table 6.2-1): DA {@code YYYYMMDD}, TM
 * {@code HH[MM[SS[.F{1,6}]]]}, DT {@code YYYY[MM[DD[HH[MM[SS[.F{1,6}]]]]]][&ZZXX]}. Partial
 * values take the earliest instant they cover. The ACR-NEMA forms {@code YYYY.MM.DD} and
 * {@code HH:MM:SS} that old devices still send are accepted too. Bad text gives {@code null}.
 */
public final class DateTimes {

    private DateTimes() {
    }

    public static LocalDate parseDate(String text) {
        if (text == null) {
            return null;
        }
        String s = text.trim();
        if (s.length() == 10 && s.charAt(4) == '.' && s.charAt(7) == '.') {
            s = s.substring(0, 4) + s.substring(5, 7) + s.substring(8);
        }
        if (s.length() != 8 || !digits(s, 0, 8)) {
            return null;
        }
        try {
            return LocalDate.of(num(s, 0, 4), num(s, 4, 6), num(s, 6, 8));
        } catch (RuntimeException e) {
            return null;
        }
    }

    public static LocalTime parseTime(String text) {
        if (text == null) {
            return null;
        }
        String s = text.trim().replace(":", "");
        return time(s);
    }

    /** A DT value as a local date-time; any UTC offset suffix is ignored (see {@link #parseDateTimeWithOffset}). */
    public static LocalDateTime parseDateTime(String text) {
        Temporal t = parseDateTimeWithOffset(text);
        if (t instanceof OffsetDateTime) {
            return ((OffsetDateTime) t).toLocalDateTime();
        }
        return (LocalDateTime) t;
    }

    /** A DT value: an {@link OffsetDateTime} when it carries {@code &ZZXX}, else a {@link LocalDateTime}; null if malformed. */
    public static Temporal parseDateTimeWithOffset(String text) {
        if (text == null) {
            return null;
        }
        String s = text.trim();
        ZoneOffset offset = null;
        int sign = Math.max(s.indexOf('+'), s.indexOf('-'));
        if (sign >= 0) {
            String z = s.substring(sign);
            s = s.substring(0, sign);
            if (z.length() != 5 || !digits(z, 1, 5)) {
                return null;
            }
            try {
                offset = ZoneOffset.ofHoursMinutes(num(z, 1, 3) * (z.charAt(0) == '-' ? -1 : 1),
                    num(z, 3, 5) * (z.charAt(0) == '-' ? -1 : 1));
            } catch (RuntimeException e) {
                return null;
            }
        }
        if (s.length() < 4 || !digits(s, 0, Math.min(s.length(), 8))) {
            return null;
        }
        try {
            int year = num(s, 0, 4);
            int month = s.length() >= 6 ? num(s, 4, 6) : 1;
            int day = s.length() >= 8 ? num(s, 6, 8) : 1;
            if (s.length() == 5 || s.length() == 7) {
                return null;
            }
            LocalTime time = s.length() > 8 ? time(s.substring(8)) : LocalTime.MIDNIGHT;
            if (time == null) {
                return null;
            }
            LocalDateTime local = LocalDateTime.of(LocalDate.of(year, month, day), time);
            return offset == null ? local : OffsetDateTime.of(local, offset);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static LocalTime time(String s) {
        int dot = s.indexOf('.');
        String whole = dot < 0 ? s : s.substring(0, dot);
        if (whole.length() < 2 || whole.length() > 6 || (whole.length() & 1) != 0 || !digits(whole, 0, whole.length())) {
            return null;
        }
        int nanos = 0;
        if (dot >= 0) {
            String frac = s.substring(dot + 1);
            if (frac.isEmpty() || frac.length() > 6 || !digits(frac, 0, frac.length()) || whole.length() != 6) {
                return null;
            }
            nanos = Integer.parseInt((frac + "000000").substring(0, 6)) * 1000;
        }
        try {
            return LocalTime.of(num(whole, 0, 2),
                whole.length() >= 4 ? num(whole, 2, 4) : 0,
                whole.length() >= 6 ? Math.min(num(whole, 4, 6), 59) : 0, // 60 is a leap second in DICOM
                nanos);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static boolean digits(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static int num(String s, int from, int to) {
        return Integer.parseInt(s, from, to, 10);
    }
}
