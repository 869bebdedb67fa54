package io.sagitta.dicomweb.rendered;

import io.sagitta.core.data.Dataset;
import io.sagitta.core.data.Tag;
import io.sagitta.core.data.TransferSyntax;
import io.sagitta.dicomweb.http.HttpProblem;
import io.sagitta.dicomweb.wado.PixelDataLayout;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Turns one frame's stored bytes into an 8-bit image a browser can show: CPU-bound, blocking work
 * for a worker thread, never an event loop.
 *
 * <p>Monochrome (MONOCHROME1/2, 8 or 16 bits allocated, signed or unsigned, any Bits Stored and
 * High Bit): the stored value is masked and sign-extended, the Modality LUT applied (Rescale Slope
 * and Intercept), then the VOI window: the request's, else the dataset's first Window Center and
 * Width with its VOI LUT Function, else the frame's own minimum and maximum; MONOCHROME1 is
 * inverted. The mapping is one lookup table over all stored values, so each pixel costs a load.
 * Colour (RGB or YBR_FULL, 8 or 16 bits, Planar Configuration 0 or 1) is shown as it is.
 * Baseline JPEG (8-bit) is decoded by the JDK's ImageIO: grey frames then take the monochrome path,
 * colour ones come out as RGB. Everything else is refused by {@link #checkRenderable} before any
 * pixel is read.
 */
public final class FrameRenderer {

    /** The JPEG baseline transfer syntax, the one compressed syntax the JDK decodes. */
    static final String JPEG_BASELINE = TransferSyntax.JPEG_BASELINE.uid();

    private FrameRenderer() {
    }

    /** {@link HttpProblem} 406 with the reason if frames of this instance cannot be rendered. */
    public static void checkRenderable(String syntaxUid) {
        TransferSyntax ts = TransferSyntax.of(syntaxUid);
        boolean ok = ts != null && (ts.isNative() && !ts.deflated() || JPEG_BASELINE.equals(syntaxUid));
        if (!ok) {
            throw HttpProblem.notAcceptable("cannot render an image stored in transfer syntax " + syntaxUid
                + (ts == null ? "" : " (" + ts.name() + ")")
                + ": only uncompressed images and baseline JPEG (" + JPEG_BASELINE + ") can be rendered");
        }
    }

    /** {@link HttpProblem} 406 with the reason if this layout's pixels are of a kind not rendered. */
    public static void checkRenderable(PixelDataLayout layout) {
        checkRenderable(layout.syntax().uid());
        if (layout.rows() <= 0 || layout.columns() <= 0) {
            throw HttpProblem.notAcceptable("the image has no Rows or Columns");
        }
        String photometric = photometric(layout.image());
        int samples = layout.samplesPerPixel();
        if (layout.encapsulated()) {
            if (samples != 1 && samples != 3 || layout.bitsAllocated() != 8) {
                throw HttpProblem.notAcceptable("only 8-bit baseline JPEG with 1 or 3 samples per pixel can be rendered");
            }
            return;
        }
        if (samples == 1 && (photometric.equals("MONOCHROME1") || photometric.equals("MONOCHROME2"))) {
            int allocated = layout.bitsAllocated();
            int stored = layout.image().getInt(Tag.BitsStored, allocated);
            int highBit = layout.image().getInt(Tag.HighBit, stored - 1);
            if (allocated != 8 && allocated != 16 || stored < 1 || stored > allocated || highBit < stored - 1
                || highBit >= allocated) {
                throw HttpProblem.notAcceptable("cannot render monochrome pixels of Bits Allocated " + allocated
                    + ", Bits Stored " + stored + ", High Bit " + highBit + " (8 or 16 bits allocated only)");
            }
        } else if (samples == 3 && (photometric.equals("RGB") || photometric.equals("YBR_FULL"))) {
            if (layout.bitsAllocated() != 8 && layout.bitsAllocated() != 16) {
                throw HttpProblem.notAcceptable("cannot render colour pixels of Bits Allocated " + layout.bitsAllocated());
            }
        } else {
            throw HttpProblem.notAcceptable("cannot render Photometric Interpretation " + photometric + " with "
                + samples + " sample(s) per pixel: monochrome, RGB and YBR_FULL only");
        }
    }

    /** The frame as an 8-bit grey or RGB image; {@code requested} overrides the dataset's window. */
    public static BufferedImage render(PixelDataLayout layout, byte[] frame, VoiWindow requested) {
        if (layout.encapsulated()) {
            return renderJpeg(layout, frame, requested);
        }
        if (frame.length != layout.frameSize()) {
            throw new IllegalStateException("frame of " + frame.length + " bytes, expected " + layout.frameSize());
        }
        boolean bigEndian = layout.syntax().bigEndian();
        Dataset image = layout.image();
        if (layout.samplesPerPixel() == 1) {
            int allocated = layout.bitsAllocated();
            int stored = image.getInt(Tag.BitsStored, allocated);
            int highBit = image.getInt(Tag.HighBit, stored - 1);
            boolean signed = image.getInt(Tag.PixelRepresentation, 0) == 1;
            int[] values = MonochromeSamples.unpack(frame, allocated, stored, highBit, signed, bigEndian);
            return MonochromeSamples.toGrey(values, layout.columns(), layout.rows(), stored, signed, image, requested);
        }
        return ColourSamples.toRgb(frame, layout.columns(), layout.rows(), layout.bitsAllocated(),
            image.getInt(Tag.BitsStored, layout.bitsAllocated()), image.getInt(Tag.PlanarConfiguration, 0) == 1,
            bigEndian, photometric(image).equals("YBR_FULL"));
    }

    private static BufferedImage renderJpeg(PixelDataLayout layout, byte[] frame, VoiWindow requested) {
        BufferedImage decoded;
        try {
            // From memory: ImageIO.read(InputStream) would cache the stream in a temporary file.
            decoded = ImageIO.read(new MemoryCacheImageInputStream(new ByteArrayInputStream(frame)));
        } catch (IOException | RuntimeException e) {
            throw HttpProblem.notAcceptable("the baseline JPEG frame cannot be decoded: " + e.getMessage());
        }
        if (decoded == null) {
            throw HttpProblem.notAcceptable("the baseline JPEG frame cannot be decoded (no JPEG reader accepts it)");
        }
        Raster raster = decoded.getRaster();
        if (raster.getNumBands() == 1) {
            int[] values = raster.getSamples(0, 0, raster.getWidth(), raster.getHeight(), 0,
                new int[raster.getWidth() * raster.getHeight()]);
            return MonochromeSamples.toGrey(values, raster.getWidth(), raster.getHeight(), 8, false, layout.image(), requested);
        }
        return decoded; // ImageIO has turned YCbCr into RGB
    }

    static String photometric(Dataset image) {
        return image.getString(Tag.PhotometricInterpretation, "").trim().toUpperCase(Locale.ROOT);
    }
}
