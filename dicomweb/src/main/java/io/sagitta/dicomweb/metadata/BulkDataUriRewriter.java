package io.sagitta.dicomweb.metadata;

import io.sagitta.dicomweb.http.ResourceUrls;
import io.sagitta.storage.index.IndexedAttributes;

/**
 * Turns the index's BulkDataURI placeholders ({@code "BulkDataURI":"bulkdata/7FE00010"}, see
 * {@link IndexedAttributes#METADATA_BULKDATA_PREFIX}) into URLs under the instance's WADO-RS URL
 * ({@code <base>/studies/S/series/R/instances/I/bulkdata/7FE00010}) while the stored JSON text is
 * copied out: one pass, no parsing into a tree.
 *
 * <p>Why a plain text replacement is exact here: in JSON a {@code "} inside a string value is
 * always escaped, so an unescaped {@code "BulkDataURI":"} can only be an object key followed by a
 * string value; object keys in DICOM JSON are never data (tags, {@code vr}, {@code Value},
 * {@code BulkDataURI}, {@code InlineBinary}, person name groups), so every match is a real
 * BulkDataURI, and text values that merely contain the words are escaped and never match. The
 * stored JSON is written by {@code DicomJsonWriter} without whitespace ({@code "name":"value"}),
 * which the pattern relies on; the writer does not escape {@code /}.
 *
 * <p>The instance's UIDs, when the request did not name them all, are read from the object's
 * top-level attributes with a small scanner that follows strings and nesting, so a
 * SeriesInstanceUID inside a sequence item (ReferencedSeriesSequence) is never taken for the
 * instance's own.
 */
public final class BulkDataUriRewriter {

    static final String PLACEHOLDER = "\"BulkDataURI\":\"" + IndexedAttributes.METADATA_BULKDATA_PREFIX;

    private static final String STUDY_UID = "0020000D";
    private static final String SERIES_UID = "0020000E";
    private static final String SOP_INSTANCE_UID = "00080018";

    private BulkDataUriRewriter() {
    }

    /**
     * Appends {@code json} (one instance's DICOM JSON object) to {@code out} with its placeholders
     * rewritten under {@code base}. The UIDs given (any may be null) are used as they are; missing
     * ones are read from the object. Without all three, the text is appended unchanged.
     */
    public static void append(CharSequence json, String base, String study, String series, String instance, StringBuilder out) {
        int at = indexOf(json, PLACEHOLDER, 0);
        if (at < 0) {
            out.append(json);
            return;
        }
        if (study == null) {
            study = topLevelUid(json, STUDY_UID);
        }
        if (series == null) {
            series = topLevelUid(json, SERIES_UID);
        }
        if (instance == null) {
            instance = topLevelUid(json, SOP_INSTANCE_UID);
        }
        if (study == null || series == null || instance == null) {
            out.append(json);
            return;
        }
        String replacement = "\"BulkDataURI\":\"" + ResourceUrls.instance(base, study, series, instance) + "/"
            + IndexedAttributes.METADATA_BULKDATA_PREFIX;
        int from = 0;
        while (at >= 0) {
            out.append(json, from, at).append(replacement);
            from = at + PLACEHOLDER.length();
            at = indexOf(json, PLACEHOLDER, from);
        }
        out.append(json, from, json.length());
    }

    /**
     * The first value of a top-level UI attribute ({@code "0020000E":{"vr":"UI","Value":["1.2.3"]}}),
     * or null. Keys at depth one are the dataset's own attributes; everything deeper is skipped.
     */
    static String topLevelUid(CharSequence json, String key) {
        int depth = 0;
        int n = json.length();
        for (int i = 0; i < n; i++) {
            char c = json.charAt(i);
            if (c == '"') {
                int end = endOfString(json, i);
                if (end < 0) {
                    return null;
                }
                if (depth == 1 && end - i - 1 == key.length() && regionEquals(json, i + 1, key) && nextIs(json, end + 1, ':')) {
                    return firstStringValue(json, end + 1);
                }
                i = end;
            } else if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                depth--;
            }
        }
        return null;
    }

    /** In the attribute object starting after {@code from}, the first string of its "Value" array. */
    private static String firstStringValue(CharSequence json, int from) {
        int open = indexOf(json, "{", from);
        if (open < 0) {
            return null;
        }
        // A UI attribute's object holds only "vr" and "Value": no nesting before its closing brace.
        int close = indexOf(json, "}", open);
        int value = indexOf(json, "\"Value\":[\"", open);
        if (value < 0 || close < 0 || value > close) {
            return null;
        }
        int start = value + "\"Value\":[\"".length();
        int end = endOfString(json, start - 1);
        if (end < 0 || end > close) {
            return null;
        }
        String uid = json.subSequence(start, end).toString();
        return uid.indexOf('\\') >= 0 || uid.indexOf('"') >= 0 || uid.indexOf('/') >= 0 ? null : uid;
    }

    /** Index of the quote closing the string whose opening quote is at {@code open}, or -1. */
    private static int endOfString(CharSequence json, int open) {
        for (int i = open + 1; i < json.length(); i++) {
            char c = json.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                return i;
            }
        }
        return -1;
    }

    private static boolean nextIs(CharSequence json, int from, char expected) {
        for (int i = from; i < json.length(); i++) {
            char c = json.charAt(i);
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return c == expected;
            }
        }
        return false;
    }

    private static boolean regionEquals(CharSequence json, int at, String s) {
        for (int k = 0; k < s.length(); k++) {
            if (json.charAt(at + k) != s.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    static int indexOf(CharSequence text, String s, int from) {
        if (text instanceof String) {
            return ((String) text).indexOf(s, from);
        }
        if (text instanceof StringBuilder) {
            return ((StringBuilder) text).indexOf(s, from);
        }
        return text.toString().indexOf(s, from);
    }
}
