package io.sagitta.dicomweb.rendered;

import io.sagitta.core.data.Dataset;
import io.sagitta.core.data.Tag;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;

/**
 * Monochrome pixels: stored values out of their bytes, then to grey levels through the Modality
 * LUT (rescale), the VOI window and, for MONOCHROME1, inversion (PS3.3 C.7.6.3, C.11).
 */
final class MonochromeSamples {

    private MonochromeSamples() {
    }

    /**
     * The stored values of a native frame: each sample's {@code stored} bits ending at {@code highBit},
     * sign-extended when {@code signed}; the bits outside (overlays, garbage) are dropped.
     */
    static int[] unpack(byte[] frame, int allocated, int stored, int highBit, boolean signed, boolean bigEndian) {
        int bytes = allocated / 8;
        int n = frame.length / bytes;
        int[] out = new int[n];
        int shift = highBit + 1 - stored;
        int mask = (1 << stored) - 1;
        int sign = 1 << (stored - 1);
        for (int i = 0; i < n; i++) {
            int raw;
            if (bytes == 1) {
                raw = frame[i] & 0xFF;
            } else if (bigEndian) {
                raw = (frame[2 * i] & 0xFF) << 8 | frame[2 * i + 1] & 0xFF;
            } else {
                raw = frame[2 * i] & 0xFF | (frame[2 * i + 1] & 0xFF) << 8;
            }
            int v = (raw >>> shift) & mask;
            out[i] = signed && (v & sign) != 0 ? v - (1 << stored) : v;
        }
        return out;
    }

    /**
     * Grey levels for stored values of {@code stored} bits. The window is {@code requested}, else the
     * dataset's first Window Center/Width (with its VOI LUT Function), else the span of the frame's
     * modality values.
     */
    static BufferedImage toGrey(int[] values, int width, int height, int stored, boolean signed, Dataset image,
                                VoiWindow requested) {
        double slope = image.getDouble(Tag.RescaleSlope, 1);
        double intercept = image.getDouble(Tag.RescaleIntercept, 0);
        if (!Double.isFinite(slope) || slope == 0) {
            slope = 1;
        }
        if (!Double.isFinite(intercept)) {
            intercept = 0;
        }
        VoiWindow window = requested != null ? requested : datasetWindow(image);
        if (window == null) {
            window = rangeWindow(values, slope, intercept);
        }
        int lowest = signed ? -(1 << (stored - 1)) : 0;
        int[] lut = new int[1 << stored];
        boolean invert = "MONOCHROME1".equals(FrameRenderer.photometric(image));
        for (int i = 0; i < lut.length; i++) {
            int grey = window.grey(slope * (i + lowest) + intercept);
            lut[i] = invert ? 255 - grey : grey;
        }
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        byte[] pixels = ((DataBufferByte) out.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < pixels.length && i < values.length; i++) {
            pixels[i] = (byte) lut[values[i] - lowest];
        }
        return out;
    }

    /** The dataset's first window, or null when it has none usable. */
    static VoiWindow datasetWindow(Dataset image) {
        double center = image.getDouble(Tag.WindowCenter, Double.NaN);
        double width = image.getDouble(Tag.WindowWidth, Double.NaN);
        VoiWindow.Function function = VoiWindow.Function.parse(image.getString(Tag.VOILUTFunction, "LINEAR"));
        VoiWindow window = new VoiWindow(center, width, function == null ? VoiWindow.Function.LINEAR : function);
        return window.valid() ? window : null;
    }

    /** A window spanning the frame's modality values: the lowest black, the highest white. */
    static VoiWindow rangeWindow(int[] values, double slope, double intercept) {
        int min = Integer.MAX_VALUE;
        int max = Integer.MIN_VALUE;
        for (int v : values) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        if (values.length == 0) {
            min = max = 0;
        }
        double a = slope * min + intercept;
        double b = slope * max + intercept;
        double low = Math.min(a, b);
        double high = Math.max(a, b);
        return new VoiWindow((low + high) / 2, Math.max(high - low, 1e-9), VoiWindow.Function.LINEAR_EXACT);
    }
}
