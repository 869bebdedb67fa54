package io.sagitta.dicomweb.qido;

import io.sagitta.core.data.ElementDictionary;
import io.sagitta.core.data.Tag;
import io.sagitta.core.data.Tags;
import io.sagitta.core.data.VR;
import io.sagitta.dicomweb.http.HttpProblem;
import io.sagitta.storage.index.IndexQuery;
import io.sagitta.storage.index.InvalidQueryException;
import io.sagitta.storage.index.QueryKeys;
import io.sagitta.storage.index.QueryLevel;
import io.vertx.core.MultiMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A QIDO-RS request's query parameters (PS3.18 8.3.4) made into an {@link IndexQuery}, plus the
 * warnings the response carries. A pure function of the parameters: no I/O, tested without HTTP.
 *
 * <ul>
 *   <li>{@code {attributeID}={value}}: the attribute by keyword ({@code PatientName}) or tag
 *       ({@code 00100010}); the value in DICOM matching syntax (the index parses it: wildcards,
 *       ranges, lists). For UIDs a list may be comma- or backslash-separated, or the parameter repeated.
 *   <li>{@code includefield}: attribute IDs, comma-separated and/or repeated, or {@code all}.
 *   <li>{@code fuzzymatching=true|false}, {@code limit}, {@code offset} (0 or more; limit 0 is no limit).
 *   <li>The default return keys of the level are always returned; for {@code /series} and
 *       {@code /instances} across studies, the study's (and series') defaults too (PS3.18 10.6.3.3).
 * </ul>
 * Malformed parameters (a bad number, an unparseable date range, a tag that is not 8 hex digits)
 * are {@link HttpProblem} 400 or {@link InvalidQueryException}. Parameters that are well formed
 * but unknown or unsupported (an unknown keyword, sequence matching, matching on an attribute the
 * index cannot match at this level) are ignored with a warning.
 */
public final class QidoQuery {

    private final IndexQuery indexQuery;
    private final List<String> warnings;

    private QidoQuery(IndexQuery indexQuery, List<String> warnings) {
        this.indexQuery = indexQuery;
        this.warnings = List.copyOf(warnings);
    }

    public IndexQuery indexQuery() {
        return indexQuery;
    }

    /** Texts for Warning headers, in the order found. */
    public List<String> warnings() {
        return warnings;
    }

    /**
     * Parses the parameters of a query at {@code level}, scoped to {@code study} and {@code series}
     * when the path names them (null otherwise). {@code maxResults} 0 means no maximum.
     */
    public static QidoQuery parse(QueryLevel level, String study, String series, MultiMap params, int maxResults) {
        List<String> warnings = new ArrayList<>();
        Map<Integer, String> matches = new LinkedHashMap<>();
        Set<Integer> includes = new LinkedHashSet<>();
        boolean all = false;
        boolean fuzzy = false;
        int limit = 0;
        int offset = 0;
        for (String name : new LinkedHashSet<>(params.names())) {
            List<String> values = params.getAll(name);
            switch (name.toLowerCase(Locale.ROOT)) {
                case "limit":
                    limit = integer(name, single(name, values));
                    continue;
                case "offset":
                    offset = integer(name, single(name, values));
                    continue;
                case "fuzzymatching":
                    fuzzy = bool(name, single(name, values));
                    continue;
                case "includefield":
                    for (String value : values) {
                        for (String id : value.split(",")) {
                            String t = id.trim();
                            if (t.isEmpty()) {
                                continue;
                            }
                            if (t.equalsIgnoreCase("all")) {
                                all = true;
                                continue;
                            }
                            int tag = attribute(t, "includefield " + t, warnings);
                            if (tag >= 0) {
                                includes.add(tag);
                            }
                        }
                    }
                    continue;
                case "accept":
                case "charset":
                    continue; // content negotiation's; JSON is always UTF-8
                default:
                    break;
            }
            int tag = attribute(name, name, warnings);
            if (tag < 0) {
                continue;
            }
            boolean uid = ElementDictionary.vrOf(tag) == VR.UI;
            if (values.size() > 1 && !uid) {
                throw HttpProblem.badRequest(name + " is given more than once");
            }
            String value = uid ? String.join("\\", values).replace(',', '\\') : values.get(0);
            matches.put(tag, value);
        }
        if (maxResults > 0 && (limit == 0 || limit > maxResults)) {
            if (limit > maxResults) {
                warnings.add("The number of results exceeds the maximum supported by the server ("
                    + maxResults + "); additional results can be requested with offset");
            }
            limit = maxResults;
        }
        // Scope from the path last, so that a query parameter cannot widen it.
        if (study != null) {
            matches.put(Tag.StudyInstanceUID, study);
        }
        if (series != null) {
            matches.put(Tag.SeriesInstanceUID, series);
        }
        while (true) {
            IndexQuery.Builder b = IndexQuery.builder(level).defaultReturnKeys(true).allReturnKeys(all)
                .fuzzyPersonNames(fuzzy).limit(limit).offset(offset);
            matches.forEach(b::match);
            for (int tag : upperLevelDefaults(level, study != null)) {
                b.returnKey(tag);
            }
            includes.forEach(b::returnKey);
            order(b, level, study != null, series != null);
            try {
                return new QidoQuery(b.build(), warnings);
            } catch (InvalidQueryException e) {
                // Matching the index cannot do at this level: ignore the key (still return it) and say so.
                if (!e.isUnsupportedKey() || !matches.containsKey(e.tag()) || isScope(e.tag(), study, series)) {
                    throw e;
                }
                matches.remove(e.tag());
                if (QueryKeys.supportsReturn(level, e.tag())) {
                    includes.add(e.tag());
                }
                warnings.add(name(e.tag()) + ": matching on this attribute is not supported at "
                    + level.name().toLowerCase(Locale.ROOT) + " level; the filter was ignored");
            }
        }
    }

    /** The defaults of the levels above that PS3.18 10.6.3.3 adds when the query is not scoped to them. */
    private static List<Integer> upperLevelDefaults(QueryLevel level, boolean scopedToStudy) {
        List<Integer> out = new ArrayList<>();
        if (level == QueryLevel.SERIES && !scopedToStudy) {
            out.addAll(QueryKeys.defaultReturnKeys(QueryLevel.STUDY));
        } else if (level == QueryLevel.IMAGE) {
            if (!scopedToStudy) {
                out.addAll(QueryKeys.defaultReturnKeys(QueryLevel.STUDY));
            }
            out.addAll(QueryKeys.defaultReturnKeys(QueryLevel.SERIES));
        }
        out.removeIf(tag -> !QueryKeys.supportsReturn(level, tag));
        return out;
    }

    /** Within a study, series and instances come in their numbers' order; across the archive, in the index's stable order. */
    private static void order(IndexQuery.Builder b, QueryLevel level, boolean scopedToStudy, boolean scopedToSeries) {
        if (level == QueryLevel.SERIES && scopedToStudy) {
            b.orderBy(Tag.SeriesNumber, false);
        } else if (level == QueryLevel.IMAGE && scopedToStudy) {
            if (!scopedToSeries) {
                b.orderBy(Tag.SeriesNumber, false);
            }
            b.orderBy(Tag.InstanceNumber, false);
        }
    }

    private static boolean isScope(int tag, String study, String series) {
        return (tag == Tag.StudyInstanceUID && study != null) || (tag == Tag.SeriesInstanceUID && series != null);
    }

    /**
     * The tag named by an attribute ID; -1 (with a warning) for a well-formed ID this server
     * ignores; {@link HttpProblem} 400 for one that is not an ID at all.
     */
    static int attribute(String id, String what, List<String> warnings) {
        if (id.indexOf('.') >= 0) {
            warnings.add(what + ": sequence matching is not supported; ignored");
            return -1;
        }
        if (id.length() == 8 && Character.isDigit(id.charAt(0))) {
            long tag = Tags.parseHex(id);
            if (tag < 0) {
                throw HttpProblem.badRequest(what + ": '" + id + "' is not a tag (8 hexadecimal digits) or keyword");
            }
            return (int) tag;
        }
        int tag = ElementDictionary.tagOf(id);
        if (tag == -1 || !id.matches("[A-Za-z][A-Za-z0-9]*")) {
            warnings.add(what + ": unknown query parameter or attribute; ignored");
            return -1;
        }
        return tag;
    }

    private static String single(String name, List<String> values) {
        if (values.size() != 1) {
            throw HttpProblem.badRequest(name + " is given more than once");
        }
        return values.get(0).trim();
    }

    private static int integer(String name, String value) {
        if (!value.matches("[0-9]{1,10}")) {
            throw HttpProblem.badRequest(name + " must be a non-negative integer: '" + printable(value) + "'");
        }
        long n = Long.parseLong(value);
        if (n > Integer.MAX_VALUE) {
            throw HttpProblem.badRequest(name + " is too large: " + value);
        }
        return (int) n;
    }

    private static boolean bool(String name, String value) {
        if (value.equalsIgnoreCase("true")) {
            return true;
        }
        if (value.equalsIgnoreCase("false")) {
            return false;
        }
        throw HttpProblem.badRequest(name + " must be true or false: '" + printable(value) + "'");
    }

    private static String name(int tag) {
        String keyword = ElementDictionary.keywordOf(tag);
        return keyword != null ? keyword : Tags.toHex(tag);
    }

    private static String printable(String value) {
        String s = value.length() > 64 ? value.substring(0, 64) + "..." : value;
        return s.replaceAll("[^ -~]", "?");
    }
}
