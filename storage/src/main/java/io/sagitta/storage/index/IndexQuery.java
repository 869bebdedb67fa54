package io.sagitta.storage.index;

import io.sagitta.core.data.DateTimes;
import io.sagitta.core.data.ElementDictionary;
import io.sagitta.core.data.Tag;
import io.sagitta.core.data.Tags;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One query against the index, shared by C-FIND and QIDO-RS: a level, matching keys parsed from
 * DICOM matching syntax, return keys, paging and order. Immutable; {@link #builder(QueryLevel)}
 * parses and validates everything in {@link Builder#build()}, which throws
 * {@link InvalidQueryException} for anything the index cannot run, before any I/O.
 *
 * <p>Matching (PS3.4 C.2.2.2): an empty value or {@code *} is universal; {@code *} and {@code ?}
 * are wildcards (person names case-insensitively, and accent-insensitively when fuzzy matching
 * is on); {@code a-b}, {@code -b} and {@code a-} are inclusive ranges for dates and times, a
 * StudyDate range and a StudyTime range given together are one date-time range; a
 * backslash-separated value is a list any of whose values may match (UID lists).
 *
 * <p>Every result carries the level's unique keys (and those of the levels above), the
 * matching keys, the requested return keys and, when asked, the level's default return keys
 * (QIDO-RS) or every key the index has (includefield=all).
 */
public final class IndexQuery {

    /** One ordering term. */
    public record Order(int tag, boolean descending) {
    }

    private final QueryLevel level;
    private final Map<Integer, Match> matches;
    private final Set<Integer> returnKeys;
    private final boolean fuzzyPersonNames;
    private final int limit;
    private final int offset;
    private final List<Order> orderBy;

    private IndexQuery(QueryLevel level, Map<Integer, Match> matches, Set<Integer> returnKeys, boolean fuzzy, int limit,
        int offset, List<Order> orderBy) {
        this.level = level;
        this.matches = Collections.unmodifiableMap(matches);
        this.returnKeys = Collections.unmodifiableSet(returnKeys);
        this.fuzzyPersonNames = fuzzy;
        this.limit = limit;
        this.offset = offset;
        this.orderBy = List.copyOf(orderBy);
    }

    public static Builder builder(QueryLevel level) {
        return new Builder(level);
    }

    public QueryLevel level() {
        return level;
    }

    /** Matching conditions by tag, universal ones included, in the order given. */
    public Map<Integer, Match> matches() {
        return matches;
    }

    /** Every attribute a result carries, in the order given (unique keys first). */
    public Set<Integer> returnKeys() {
        return returnKeys;
    }

    public boolean fuzzyPersonNames() {
        return fuzzyPersonNames;
    }

    /** Maximum number of results, or 0 for no limit. */
    public int limit() {
        return limit;
    }

    public int offset() {
        return offset;
    }

    /** Requested ordering; results are finally ordered by insertion so that paging is stable. */
    public List<Order> orderBy() {
        return orderBy;
    }

    @Override
    public String toString() {
        return "IndexQuery[" + level + ", " + matches + ", limit " + limit + ", offset " + offset + "]";
    }

    /** Collects the query; {@link #build()} parses and validates it. */
    public static final class Builder {
        private final QueryLevel level;
        private final Map<Integer, String> values = new LinkedHashMap<>();
        private final Set<Integer> returnKeys = new LinkedHashSet<>();
        private boolean defaultReturnKeys;
        private boolean allKeys;
        private boolean fuzzy;
        private int limit;
        private int offset;
        private final List<Order> orderBy = new ArrayList<>();

        private Builder(QueryLevel level) {
            if (level == null) {
                throw new InvalidQueryException("no query level");
            }
            this.level = level;
        }

        /** A matching key with its value in DICOM matching syntax; an empty value only returns the key. */
        public Builder match(int tag, String value) {
            values.put(tag, value == null ? "" : value);
            return this;
        }

        /** Scopes a series or instance query to one study (QIDO-RS /studies/{study}/...). */
        public Builder studyInstanceUid(String uid) {
            return match(Tag.StudyInstanceUID, uid);
        }

        /** Scopes an instance query to one series. */
        public Builder seriesInstanceUid(String uid) {
            return match(Tag.SeriesInstanceUID, uid);
        }

        /** An attribute to return without matching on it. */
        public Builder returnKey(int tag) {
            returnKeys.add(tag);
            return this;
        }

        /** Adds the level's QIDO-RS default return keys. */
        public Builder defaultReturnKeys(boolean on) {
            this.defaultReturnKeys = on;
            return this;
        }

        /** Returns every attribute the index has at this level (QIDO-RS includefield=all). */
        public Builder allReturnKeys(boolean on) {
            this.allKeys = on;
            return this;
        }

        public Builder fuzzyPersonNames(boolean on) {
            this.fuzzy = on;
            return this;
        }

        /** At most this many results; 0 means no limit. */
        public Builder limit(int limit) {
            this.limit = limit;
            return this;
        }

        public Builder offset(int offset) {
            this.offset = offset;
            return this;
        }

        public Builder orderBy(int tag, boolean descending) {
            orderBy.add(new Order(tag, descending));
            return this;
        }

        public IndexQuery build() {
            if (limit < 0) {
                throw new InvalidQueryException("limit must not be negative: " + limit);
            }
            if (offset < 0) {
                throw new InvalidQueryException("offset must not be negative: " + offset);
            }
            Map<Integer, Match> matches = new LinkedHashMap<>();
            Set<Integer> out = new LinkedHashSet<>(QueryKeys.uniqueKeys(level));
            for (Map.Entry<Integer, String> e : values.entrySet()) {
                int tag = e.getKey();
                String value = e.getValue().trim();
                if (isIgnoredKey(tag)) {
                    if (QueryKeys.supportsReturn(level, tag)) {
                        out.add(tag);
                    }
                    continue;
                }
                QueryKeys.Key key = QueryKeys.find(tag);
                if (key == null || !level.includes(key.level()) || (!key.isMatchable() && !value.isEmpty())) {
                    if (!value.isEmpty() && !isUniversal(value)) {
                        throw new InvalidQueryException("cannot match on " + name(tag) + " at " + level + " level", tag, true);
                    }
                    out.add(tag);
                    continue;
                }
                matches.put(tag, parse(key, value));
                out.add(tag);
            }
            combineDateAndTime(matches, values);
            if (allKeys) {
                out.addAll(QueryKeys.availableAt(level));
            } else if (defaultReturnKeys) {
                out.addAll(QueryKeys.defaultReturnKeys(level));
            }
            out.addAll(returnKeys);
            out.removeIf(tag -> isIgnoredKey(tag) && !QueryKeys.supportsReturn(level, tag));
            for (Order order : orderBy) {
                QueryKeys.Key key = QueryKeys.find(order.tag());
                if (key == null || !level.includes(key.level()) || key.kind() == QueryKeys.Kind.CODE_LIST
                    || (key.kind() == QueryKeys.Kind.COUNT && key.level() != level)) {
                    throw new InvalidQueryException("cannot order by " + name(order.tag()) + " at " + level + " level",
                        order.tag(), true);
                }
            }
            return new IndexQuery(level, matches, out, fuzzy, limit, offset, orderBy);
        }

        /** Keys of the query itself, not of the data: a C-FIND identifier carries them, nothing is matched. */
        private static boolean isIgnoredKey(int tag) {
            return tag == Tag.SpecificCharacterSet || tag == Tag.QueryRetrieveLevel || tag == Tag.TimezoneOffsetFromUTC
                || tag == Tag.RetrieveAETitle || tag == Tag.RetrieveURL || tag == Tag.InstanceAvailability
                || Tags.isGroupLength(tag);
        }

        private static boolean isUniversal(String value) {
            return value.chars().allMatch(c -> c == '*');
        }

        private Match parse(QueryKeys.Key key, String value) {
            if (value.isEmpty() || (isUniversal(value) && key.kind() != QueryKeys.Kind.NUMBER)) {
                return new Match.Universal();
            }
            switch (key.kind()) {
                case UID:
                    if (Match.Values.isWildcard(value)) {
                        throw new InvalidQueryException(name(key.tag()) + ": wildcards are not allowed in UIDs: '" + value + "'", key.tag(), false);
                    }
                    return new Match.Values(split(value));
                case TEXT:
                case PERSON_NAME:
                case CODE_LIST:
                    return new Match.Values(split(value));
                case NUMBER:
                    List<Long> numbers = new ArrayList<>();
                    for (String s : split(value)) {
                        try {
                            numbers.add(Long.parseLong(s.startsWith("+") ? s.substring(1) : s));
                        } catch (NumberFormatException ex) {
                            throw new InvalidQueryException(name(key.tag()) + ": not an integer: '" + s + "'", key.tag(), false);
                        }
                    }
                    return new Match.Numbers(numbers);
                case DATE:
                    return dateRange(key.tag(), value);
                case TIME:
                    return timeRange(key.tag(), value);
                default:
                    throw new InvalidQueryException("cannot match on " + name(key.tag()), key.tag(), true);
            }
        }

        private static List<String> split(String value) {
            List<String> out = new ArrayList<>();
            for (String s : value.split("\\\\", -1)) {
                String t = s.trim();
                if (!t.isEmpty()) {
                    out.add(t);
                }
            }
            if (out.isEmpty()) {
                throw new InvalidQueryException("empty values in list '" + value + "'");
            }
            return out;
        }

        private static Match.DateRange dateRange(int tag, String value) {
            int dash = value.indexOf('-');
            if (dash < 0) {
                LocalDate d = date(tag, value, value);
                return new Match.DateRange(d, d);
            }
            if (value.indexOf('-', dash + 1) >= 0 || value.length() == 1) {
                throw new InvalidQueryException(name(tag) + ": unparseable date range '" + value + "'", tag, false);
            }
            String a = value.substring(0, dash).trim();
            String b = value.substring(dash + 1).trim();
            LocalDate from = a.isEmpty() ? null : date(tag, a, value);
            LocalDate to = b.isEmpty() ? null : date(tag, b, value);
            if (from != null && to != null && from.isAfter(to)) {
                throw new InvalidQueryException(name(tag) + ": date range ends before it starts: '" + value + "'", tag, false);
            }
            return new Match.DateRange(from, to);
        }

        private static LocalDate date(int tag, String text, String whole) {
            LocalDate d = DateTimes.parseDate(text);
            if (d == null) {
                throw new InvalidQueryException(name(tag) + ": unparseable date or date range '" + whole + "'", tag, false);
            }
            return d;
        }

        private static Match.TimeRange timeRange(int tag, String value) {
            int dash = value.indexOf('-');
            if (dash < 0) {
                return new Match.TimeRange(time(tag, value, value, false), time(tag, value, value, true));
            }
            if (value.indexOf('-', dash + 1) >= 0 || value.length() == 1) {
                throw new InvalidQueryException(name(tag) + ": unparseable time range '" + value + "'", tag, false);
            }
            String a = value.substring(0, dash).trim();
            String b = value.substring(dash + 1).trim();
            return new Match.TimeRange(a.isEmpty() ? null : time(tag, a, value, false), b.isEmpty() ? null : time(tag, b, value, true));
        }

        /** A TM value, or when {@code end} the last instant its precision covers ("10" ends at 10:59:59.999999). */
        static LocalTime time(int tag, String text, String whole, boolean end) {
            LocalTime t = DateTimes.parseTime(text);
            if (t == null) {
                throw new InvalidQueryException(name(tag) + ": unparseable time or time range '" + whole + "'", tag, false);
            }
            if (!end) {
                return t;
            }
            String s = text.trim().replace(":", "");
            int dot = s.indexOf('.');
            if (dot >= 0) {
                int digits = s.length() - dot - 1;
                long unit = (long) Math.pow(10, 9 - digits);
                return t.plusNanos(unit - 1000);
            }
            switch (s.length()) {
                case 2:
                    return t.plusMinutes(59).plusSeconds(59).plusNanos(999_999_000);
                case 4:
                    return t.plusSeconds(59).plusNanos(999_999_000);
                default:
                    return t.plusNanos(999_999_000);
            }
        }

        /** PS3.4 C.2.2.2.5.1: a StudyDate range with a StudyTime range is one date-time range. */
        private static void combineDateAndTime(Map<Integer, Match> matches, Map<Integer, String> raw) {
            Match date = matches.get(Tag.StudyDate);
            Match time = matches.get(Tag.StudyTime);
            if (!(date instanceof Match.DateRange) || !(time instanceof Match.TimeRange)
                || raw.get(Tag.StudyDate).indexOf('-') < 0 || raw.get(Tag.StudyTime).indexOf('-') < 0) {
                return;
            }
            Match.DateRange d = (Match.DateRange) date;
            Match.TimeRange t = (Match.TimeRange) time;
            LocalDateTime from = d.from() == null ? null : d.from().atTime(t.from() == null ? LocalTime.MIDNIGHT : t.from());
            LocalDateTime to = d.to() == null ? null : d.to().atTime(t.to() == null ? LocalTime.of(23, 59, 59, 999_999_000) : t.to());
            if (from != null && to != null && from.isAfter(to)) {
                throw new InvalidQueryException("StudyDate/StudyTime: range ends before it starts", Tag.StudyDate, false);
            }
            matches.put(Tag.StudyDate, new Match.DateTimeRange(from, to));
            matches.put(Tag.StudyTime, new Match.Universal());
        }

        private static String name(int tag) {
            String keyword = ElementDictionary.keywordOf(tag);
            return keyword != null ? keyword + " " + Tags.toString(tag) : Tags.toString(tag);
        }
    }
}
