package io.sagitta.dicomweb.wado;

import io.sagitta.dicomweb.http.MediaTypes;
import io.sagitta.dicomweb.http.HttpProblem;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Content negotiation for the binary WADO-RS answers (PS3.18 8.7.3): which transfer syntaxes a
 * client accepts for parts of one media type ({@code application/dicom} for instances,
 * {@code application/octet-stream} for frames) inside {@code multipart/related}. Quotes around
 * parameter values are optional (OHIF leaves them out). {@code *}, no {@code transfer-syntax}
 * parameter, {@code * / *}, {@code multipart/*} or no Accept at all mean "as stored".
 */
final class RetrieveNegotiation {

    /** Stands for "the bytes as stored, in whatever syntax they are". */
    static final String AS_STORED = "*";

    private RetrieveNegotiation() {
    }

    /**
     * The transfer syntaxes acceptable for parts of {@code partType}, best first ({@link #AS_STORED}
     * among them); {@link HttpProblem} 406 when the client accepts no multipart of that type.
     */
    static List<String> acceptedSyntaxes(RoutingContext ctx, String partType) {
        List<String> values = acceptValues(ctx);
        List<String> syntaxes = acceptedSyntaxes(values, partType);
        if (syntaxes.isEmpty()) {
            throw HttpProblem.notAcceptable("this resource is available as multipart/related; type=\"" + partType
                + "\" only; not as " + String.join(", ", values));
        }
        return syntaxes;
    }

    /** How a resource that may also be sent as a single part is to be sent. */
    record Choice(boolean singlePart, List<String> syntaxes) {
    }

    /**
     * Single part ({@code Accept: application/octet-stream}, as OHIF asks for bulk data) when a bare
     * {@code partType} range is acceptable with a quality above any multipart range's, else multipart
     * as {@link #acceptedSyntaxes(RoutingContext, String)}; {@link HttpProblem} 406 when neither is.
     */
    static Choice shape(RoutingContext ctx, String partType) {
        return shape(acceptValues(ctx), partType);
    }

    static Choice shape(List<String> values, String partType) {
        List<String> multipart = acceptedSyntaxes(values, partType);
        double multipartQ = multipart.isEmpty() ? 0 : bestQ(values, partType);
        List<String> single = new ArrayList<>();
        double singleQ = 0;
        for (String value : values) {
            for (String range : MediaTypes.splitOutsideQuotes(value, ',')) {
                List<String> parts = MediaTypes.splitOutsideQuotes(range, ';');
                if (!parts.get(0).trim().equalsIgnoreCase(partType)) {
                    continue;
                }
                double q = q(parts);
                if (q > 0) {
                    single.add(param(parts, "transfer-syntax", AS_STORED));
                    singleQ = Math.max(singleQ, q);
                }
            }
        }
        if (!single.isEmpty() && singleQ > multipartQ) {
            return new Choice(true, single);
        }
        if (multipart.isEmpty()) {
            throw HttpProblem.notAcceptable("this resource is available as " + partType + " or multipart/related; type=\""
                + partType + "\" only; not as " + String.join(", ", values));
        }
        return new Choice(false, multipart);
    }

    /** The highest quality among the multipart ranges that accept {@code partType}. */
    private static double bestQ(List<String> values, String partType) {
        double best = 0;
        for (String value : values) {
            for (String range : MediaTypes.splitOutsideQuotes(value, ',')) {
                if (range.isBlank()) {
                    continue;
                }
                if (!acceptedSyntaxes(List.of(range), partType).isEmpty()) {
                    best = Math.max(best, q(MediaTypes.splitOutsideQuotes(range, ';')));
                }
            }
        }
        return values.isEmpty() ? 1 : best;
    }

    private static double q(List<String> parts) {
        String q = param(parts, "q", "1");
        try {
            return Double.parseDouble(q);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String param(List<String> parts, String name, String otherwise) {
        for (int i = 1; i < parts.size(); i++) {
            String p = parts.get(i).trim();
            int eq = p.indexOf('=');
            if (eq > 0 && p.substring(0, eq).trim().equalsIgnoreCase(name)) {
                String v = unquote(p.substring(eq + 1).trim());
                return v.isEmpty() ? otherwise : v;
            }
        }
        return otherwise;
    }

    /** The Accept values: the {@code accept} query parameters when present (PS3.18 8.7.3), else the headers. */
    static List<String> acceptValues(RoutingContext ctx) {
        List<String> values = ctx.queryParams().getAll("accept");
        if (values.isEmpty()) {
            return ctx.request().headers().getAll("Accept");
        }
        List<String> fixed = new ArrayList<>();
        for (String v : values) {
            fixed.add(v.replace(' ', '+'));
        }
        return fixed;
    }

    static List<String> acceptedSyntaxes(List<String> acceptValues, String partType) {
        List<String> syntaxes = new ArrayList<>();
        List<Double> qs = new ArrayList<>();
        boolean any = false;
        for (String value : acceptValues) {
            for (String range : MediaTypes.splitOutsideQuotes(value, ',')) {
                if (range.isBlank()) {
                    continue;
                }
                any = true;
                List<String> parts = MediaTypes.splitOutsideQuotes(range, ';');
                String type = parts.get(0).trim().toLowerCase(Locale.ROOT);
                String innerType = null;
                String syntax = AS_STORED;
                double q = 1;
                for (int i = 1; i < parts.size(); i++) {
                    String p = parts.get(i).trim();
                    int eq = p.indexOf('=');
                    if (eq < 0) {
                        continue;
                    }
                    String name = p.substring(0, eq).trim().toLowerCase(Locale.ROOT);
                    String v = unquote(p.substring(eq + 1).trim());
                    switch (name) {
                        case "type": innerType = v.toLowerCase(Locale.ROOT); break;
                        case "transfer-syntax": syntax = v.isEmpty() ? AS_STORED : v; break;
                        case "q":
                            try {
                                q = Double.parseDouble(v);
                            } catch (NumberFormatException e) {
                                q = 0;
                            }
                            break;
                        default: break;
                    }
                }
                boolean matches = type.equals("*/*") || type.equals("*") || type.equals("multipart/*")
                    || (type.equals("multipart/related") && (innerType == null || innerType.equals(partType)));
                if (matches && q > 0) {
                    int at = 0;
                    while (at < qs.size() && qs.get(at) >= q) {
                        at++;
                    }
                    syntaxes.add(at, syntax);
                    qs.add(at, q);
                }
            }
        }
        return any ? syntaxes : List.of(AS_STORED);
    }

    /**
     * The syntax to send an instance stored in {@code stored} in, or null if none accepted can be
     * produced: the stored one, or explicit VR little endian for one stored in implicit VR little
     * endian (see {@link ExplicitVrTranscoder}).
     */
    static String choose(List<String> accepted, String stored) {
        for (String s : accepted) {
            if (s.equals(AS_STORED) || s.equals(stored)) {
                return stored;
            }
            if (ExplicitVrTranscoder.canTranscode(stored, s)) {
                return s;
            }
        }
        return null;
    }

    private static String unquote(String v) {
        return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
    }

}
