package io.sagitta.dicomweb.http;

import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Content negotiation for the JSON answers (QIDO-RS results, WADO-RS metadata). PS3.18 8.7.3:
 * the {@code accept} query parameter, when present, replaces the Accept header. The answer is
 * {@code application/dicom+json}, or {@code application/json} for a client that accepts only
 * that; XML ({@code multipart/related; type="application/dicom+xml"}) and anything else is 406.
 */
public final class MediaTypes {

    public static final String DICOM_JSON = "application/dicom+json";
    public static final String JSON = "application/json";

    private MediaTypes() {
    }

    /** The media type to answer a JSON resource with; {@link HttpProblem} 406 when the client accepts none. */
    public static String negotiateJson(RoutingContext ctx) {
        List<String> values = ctx.queryParams().getAll("accept");
        if (values.isEmpty()) {
            values = ctx.request().headers().getAll("Accept");
        } else {
            // In a query string '+' decodes to a space: "application/dicom+json" arrives as "application/dicom json".
            List<String> fixed = new ArrayList<>();
            for (String v : values) {
                fixed.add(v.replace(' ', '+'));
            }
            values = fixed;
        }
        String choice = negotiateJson(values);
        if (choice == null) {
            throw HttpProblem.notAcceptable("this resource is available as " + DICOM_JSON + " (or " + JSON
                + ") only; not as " + String.join(", ", values));
        }
        return choice;
    }

    /** The JSON media type the Accept values allow (highest q first), or null; no values allow anything. */
    static String negotiateJson(List<String> acceptValues) {
        String best = null;
        double bestQ = 0;
        boolean any = false;
        for (String value : acceptValues) {
            for (String range : splitOutsideQuotes(value, ',')) {
                if (range.isBlank()) {
                    continue;
                }
                any = true;
                List<String> parts = splitOutsideQuotes(range, ';');
                String type = parts.get(0).trim().toLowerCase(Locale.ROOT);
                double q = 1;
                for (int i = 1; i < parts.size(); i++) {
                    String p = parts.get(i).trim();
                    if (p.regionMatches(true, 0, "q=", 0, 2)) {
                        try {
                            q = Double.parseDouble(p.substring(2).trim());
                        } catch (NumberFormatException e) {
                            q = 0;
                        }
                    }
                }
                String answer = answerFor(type);
                if (answer != null && q > bestQ) {
                    best = answer;
                    bestQ = q;
                }
            }
        }
        return any ? best : DICOM_JSON;
    }

    private static String answerFor(String type) {
        switch (type) {
            case DICOM_JSON:
            case "application/*":
            case "*/*":
            case "*":
                return DICOM_JSON;
            case JSON:
                return JSON;
            default:
                return null;
        }
    }

    /** Splits a header value on {@code separator} where it is not inside double quotes. */
    public static List<String> splitOutsideQuotes(String s, char separator) {
        List<String> out = new ArrayList<>();
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == separator && !quoted) {
                out.add(s.substring(start, i));
                start = i + 1;
            }
        }
        out.add(s.substring(start));
        return out;
    }
}
