package io.sagitta.dicomweb.rendered;

import io.sagitta.dicomweb.http.HttpProblem;
import io.sagitta.dicomweb.http.MediaTypes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The image formats rendered resources are answered in (PS3.18 8.7.4): JPEG, the default, and PNG,
 * chosen from the {@code accept} query parameter or the Accept header by quality value; a
 * {@code multipart/related; type=image/...} range counts as its inner type. Anything else is 406.
 */
public enum RenderedMediaType {
    JPEG("image/jpeg", "jpeg"),
    PNG("image/png", "png");

    private final String mime;
    private final String imageIoFormat;

    RenderedMediaType(String mime, String imageIoFormat) {
        this.mime = mime;
        this.imageIoFormat = imageIoFormat;
    }

    public String mime() {
        return mime;
    }

    /** The ImageIO format name that writes it. */
    String imageIoFormat() {
        return imageIoFormat;
    }

    /**
     * The best acceptable format for {@code acceptValues} (header values or {@code accept} parameters);
     * JPEG when nothing is said; {@link HttpProblem} 406 when nothing acceptable can be made.
     */
    public static RenderedMediaType negotiate(List<String> acceptValues) {
        RenderedMediaType best = null;
        double bestQ = 0;
        boolean any = false;
        List<String> seen = new ArrayList<>();
        for (String value : acceptValues) {
            for (String range : MediaTypes.splitOutsideQuotes(value, ',')) {
                if (range.isBlank()) {
                    continue;
                }
                any = true;
                seen.add(range.trim());
                List<String> parts = MediaTypes.splitOutsideQuotes(range, ';');
                String type = parts.get(0).trim().toLowerCase(Locale.ROOT);
                double q = 1;
                for (int i = 1; i < parts.size(); i++) {
                    String p = parts.get(i).trim();
                    int eq = p.indexOf('=');
                    if (eq < 0) {
                        continue;
                    }
                    String name = p.substring(0, eq).trim().toLowerCase(Locale.ROOT);
                    String v = p.substring(eq + 1).trim().replace("\"", "");
                    if (name.equals("q")) {
                        try {
                            q = Double.parseDouble(v);
                        } catch (NumberFormatException e) {
                            q = 0;
                        }
                    } else if (name.equals("type") && type.equals("multipart/related")) {
                        type = v.toLowerCase(Locale.ROOT);
                    }
                }
                RenderedMediaType answer = forRange(type);
                if (answer != null && q > bestQ) {
                    best = answer;
                    bestQ = q;
                }
            }
        }
        if (!any) {
            return JPEG;
        }
        if (best == null) {
            throw HttpProblem.notAcceptable("rendered images are available as image/jpeg or image/png only; not as "
                + String.join(", ", seen).replaceAll("[^ -~]", "?"));
        }
        return best;
    }

    private static RenderedMediaType forRange(String type) {
        switch (type) {
            case "image/jpeg":
            case "image/jpg":
            case "image/*":
            case "*/*":
            case "*":
                return JPEG;
            case "image/png":
                return PNG;
            default:
                return null;
        }
    }
}
