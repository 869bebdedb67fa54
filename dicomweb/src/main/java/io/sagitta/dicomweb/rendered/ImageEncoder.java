package io.sagitta.dicomweb.rendered;

import java.awt.geom.AffineTransform;
import java.awt.image.AffineTransformOp;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Fits a rendered image into the viewport (aspect kept, bilinear) and encodes it as JPEG or PNG
 * with ImageIO, in memory. Blocking, CPU-bound: for worker threads.
 */
public final class ImageEncoder {

    private ImageEncoder() {
    }

    /** The encoded image, scaled to fit {@code parameters}' viewport when one is set. */
    public static byte[] encode(BufferedImage image, RenderingParameters parameters, RenderedMediaType type) {
        BufferedImage scaled = fit(image, parameters.viewportWidth(), parameters.viewportHeight());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(Math.max(1024, scaled.getWidth() * scaled.getHeight() / 4));
        try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName(type.imageIoFormat());
            if (!writers.hasNext()) {
                throw new IllegalStateException("no ImageIO writer for " + type.mime());
            }
            ImageWriter writer = writers.next();
            try {
                writer.setOutput(out);
                ImageWriteParam param = writer.getDefaultWriteParam();
                if (type == RenderedMediaType.JPEG) {
                    param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                    param.setCompressionQuality(parameters.quality() / 100f);
                }
                writer.write(null, new IIOImage(scaled, null, null), param);
            } finally {
                writer.dispose();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * {@code image} scaled by one factor so that it fits {@code width} × {@code height} as closely as
     * it can; unchanged when no viewport is set (0) or it already fits exactly. Scaling works on the
     * raster, so grey levels are interpolated as numbers, not through a colour space conversion.
     * Shrinking goes in halves first: bilinear interpolation reads only the 2 × 2 pixels around each
     * sample, so one big step would skip most of the image and alias (a thumbnail of fine detail
     * would show noise instead of its average).
     */
    static BufferedImage fit(BufferedImage image, int width, int height) {
        if (width <= 0 || height <= 0) {
            return image;
        }
        double scale = Math.min((double) width / image.getWidth(), (double) height / image.getHeight());
        int w = Math.max(1, (int) Math.round(image.getWidth() * scale));
        int h = Math.max(1, (int) Math.round(image.getHeight() * scale));
        BufferedImage current = image;
        while (current.getWidth() / 2 >= w && current.getHeight() / 2 >= h) {
            current = resize(current, current.getWidth() / 2, current.getHeight() / 2);
        }
        return current.getWidth() == w && current.getHeight() == h ? current : resize(current, w, h);
    }

    private static BufferedImage resize(BufferedImage image, int w, int h) {
        WritableRaster target = image.getColorModel().createCompatibleWritableRaster(w, h);
        AffineTransform transform = AffineTransform.getScaleInstance((double) w / image.getWidth(), (double) h / image.getHeight());
        new AffineTransformOp(transform, AffineTransformOp.TYPE_BILINEAR).filter(image.getRaster(), target);
        return new BufferedImage(image.getColorModel(), target, image.isAlphaPremultiplied(), null);
    }
}
