package io.sagitta.dicomweb.rendered;

import io.sagitta.dicomweb.http.HttpProblem;
import io.vertx.core.MultiMap;

/**
 * What a request asks of a rendered image (PS3.18 8.3.5.1): a VOI window to use instead of the
 * dataset's, a viewport to fit the image into (aspect kept), and the JPEG quality.
 *
 * @param window         the requested window, or null for the dataset's (or the frame's range)
 * @param viewportWidth  the most columns of the output, 0 for the image's own size
 * @param viewportHeight the most rows of the output, 0 for the image's own size
 * @param quality        JPEG quality 1..100
 */
public record RenderingParameters(VoiWindow window, int viewportWidth, int viewportHeight, int quality) {

    public static final int DEFAULT_QUALITY = 90;
    /** Thumbnails fit this square unless a viewport says otherwise. */
    public static final int THUMBNAIL_SIZE = 128;
    /** The largest viewport side: a bound on the output image's memory. */
    static final int MAX_VIEWPORT = 8192;

    /**
     * From the DICOMweb query parameters {@code window}, {@code viewport} and {@code quality};
     * {@code defaultViewport} (0 for none) applies when no viewport is given. {@link HttpProblem}
     * 400 when one is malformed.
     */
    public static RenderingParameters fromQuery(MultiMap query, int defaultViewport) {
        VoiWindow window = null;
        String w = single(query, "window");
        if (w != null) {
            String[] parts = w.split(",", -1);
            if (parts.length != 2 && parts.length != 3) {
                throw HttpProblem.badRequest("window must be center,width,function: '" + printable(w) + "'");
            }
            VoiWindow.Function function = parts.length == 3 ? VoiWindow.Function.parse(parts[2]) : VoiWindow.Function.LINEAR;
            if (function == null) {
                throw HttpProblem.badRequest("window function must be linear, linear-exact or sigmoid: '" + printable(parts[2]) + "'");
            }
            window = window(number(parts[0], "window center"), number(parts[1], "window width"), function);
        }
        int vw = defaultViewport;
        int vh = defaultViewport;
        String v = single(query, "viewport");
        if (v != null) {
            String[] parts = v.split(",", -1);
            if (parts.length != 2) {
                throw HttpProblem.badRequest("viewport must be width,height (cropping is not supported): '" + printable(v) + "'");
            }
            vw = viewportSide(parts[0], "viewport width");
            vh = viewportSide(parts[1], "viewport height");
        }
        String q = single(query, "quality");
        return new RenderingParameters(window, vw, vh, q == null ? DEFAULT_QUALITY : quality(q));
    }

    /** A window from two numbers; {@link HttpProblem} 400 when the width does not suit the function. */
    public static VoiWindow window(double center, double width, VoiWindow.Function function) {
        VoiWindow window = new VoiWindow(center, width, function);
        if (!window.valid()) {
            throw HttpProblem.badRequest("window width " + width + " is not valid for " + function
                + " (at least 1 for linear, above 0 otherwise)");
        }
        return window;
    }

    /** A decimal number from a request; {@link HttpProblem} 400 when it is not one. */
    public static double number(String s, String what) {
        try {
            double d = Double.parseDouble(s.trim());
            if (Double.isFinite(d) && s.trim().length() <= 32) {
                return d;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw HttpProblem.badRequest(what + " must be a number: '" + printable(s) + "'");
    }

    /** A viewport side from a request: 1..{@value #MAX_VIEWPORT}. */
    public static int viewportSide(String s, String what) {
        String t = s.trim();
        if (t.isEmpty() || t.length() > 5 || !t.chars().allMatch(c -> c >= '0' && c <= '9')
            || Integer.parseInt(t) < 1 || Integer.parseInt(t) > MAX_VIEWPORT) {
            throw HttpProblem.badRequest(what + " must be a whole number from 1 to " + MAX_VIEWPORT + ": '" + printable(s) + "'");
        }
        return Integer.parseInt(t);
    }

    /** A quality from a request: 1..100. */
    public static int quality(String s) {
        String t = s.trim();
        if (t.isEmpty() || t.length() > 3 || !t.chars().allMatch(c -> c >= '0' && c <= '9')
            || Integer.parseInt(t) < 1 || Integer.parseInt(t) > 100) {
            throw HttpProblem.badRequest("quality must be a whole number from 1 to 100: '" + printable(s) + "'");
        }
        return Integer.parseInt(t);
    }

    private static String single(MultiMap query, String name) {
        java.util.List<String> all = query.getAll(name);
        if (all.size() > 1) {
            throw HttpProblem.badRequest(name + " given more than once");
        }
        return all.isEmpty() ? null : all.get(0);
    }

    static String printable(String s) {
        String p = s.replaceAll("[^ -~]", "?");
        return p.length() > 64 ? p.substring(0, 64) + "..." : p;
    }
}
