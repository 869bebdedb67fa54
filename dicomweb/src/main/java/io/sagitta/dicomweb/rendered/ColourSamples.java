package io.sagitta.dicomweb.rendered;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;

/** Colour pixels (RGB or YBR_FULL, three samples) to an RGB image, interleaved or planar. */
final class ColourSamples {

    private ColourSamples() {
    }

    /**
     * {@code planar}: Planar Configuration 1 (all red, then all green, then all blue) rather than 0
     * (RGBRGB...). 16-bit samples keep their top 8 of {@code stored} bits. {@code ybr}: YBR_FULL,
     * converted per PS3.3 C.7.6.3.1.2.
     */
    static BufferedImage toRgb(byte[] frame, int width, int height, int allocated, int stored, boolean planar,
                               boolean bigEndian, boolean ybr) {
        int pixels = width * height;
        int bytes = allocated / 8;
        int shift = allocated == 16 ? Math.max(0, Math.min(stored, 16) - 8) : 0;
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int[] rgb = ((DataBufferInt) out.getRaster().getDataBuffer()).getData();
        int[] s = new int[3];
        for (int i = 0; i < pixels; i++) {
            for (int c = 0; c < 3; c++) {
                int sample = planar ? c * pixels + i : 3 * i + c;
                int at = sample * bytes;
                int raw = bytes == 1 ? frame[at] & 0xFF
                    : bigEndian ? (frame[at] & 0xFF) << 8 | frame[at + 1] & 0xFF : frame[at] & 0xFF | (frame[at + 1] & 0xFF) << 8;
                s[c] = Math.min(255, raw >>> shift);
            }
            if (ybr) {
                double y = s[0];
                double cb = s[1] - 128;
                double cr = s[2] - 128;
                s[0] = clamp(y + 1.402 * cr);
                s[1] = clamp(y - 0.344136 * cb - 0.714136 * cr);
                s[2] = clamp(y + 1.772 * cb);
            }
            rgb[i] = s[0] << 16 | s[1] << 8 | s[2];
        }
        return out;
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }
}
