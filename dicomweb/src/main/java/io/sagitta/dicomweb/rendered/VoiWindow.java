package io.sagitta.dicomweb.rendered;

import java.util.Locale;

/**
 * A VOI window (PS3.3 C.11.2.1.2): center, width and function, mapping modality values to the
 * 8-bit grey levels of a rendered image (0..255).
 */
public record VoiWindow(double center, double width, Function function) {

    /** The VOI LUT Functions of PS3.3 C.11.2.1.3. */
    public enum Function {
        LINEAR, LINEAR_EXACT, SIGMOID;

        /** From a request ({@code linear-exact}) or a dataset ({@code LINEAR_EXACT}); null when unknown. */
        static Function parse(String s) {
            switch (s.trim().toUpperCase(Locale.ROOT).replace('-', '_')) {
                case "LINEAR": return LINEAR;
                case "LINEAR_EXACT": return LINEAR_EXACT;
                case "SIGMOID": return SIGMOID;
                default: return null;
            }
        }
    }

    /** Whether the width suits the function: at least 1 for LINEAR, above 0 otherwise. */
    boolean valid() {
        return Double.isFinite(center) && Double.isFinite(width) && (function == Function.LINEAR ? width >= 1 : width > 0);
    }

    /** The grey level (0..255) of modality value {@code x}. */
    int grey(double x) {
        double y;
        switch (function) {
            case LINEAR: {
                double low = center - 0.5 - (width - 1) / 2;
                double high = center - 0.5 + (width - 1) / 2;
                if (x <= low) {
                    y = 0;
                } else if (x > high) {
                    y = 255;
                } else {
                    y = width == 1 ? 255 : ((x - (center - 0.5)) / (width - 1) + 0.5) * 255;
                }
                break;
            }
            case LINEAR_EXACT:
                y = x <= center - width / 2 ? 0 : x > center + width / 2 ? 255 : ((x - center) / width + 0.5) * 255;
                break;
            default:
                y = 255 / (1 + Math.exp(-4 * (x - center) / width));
                break;
        }
        return (int) Math.max(0, Math.min(255, Math.round(y)));
    }
}
