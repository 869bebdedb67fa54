package io.sagitta.dicomweb.rendered;

import static io.sagitta.dicomweb.Instances.instance;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sagitta.core.data.Dataset;
import io.sagitta.core.data.Tag;
import io.sagitta.core.data.UID;
import io.sagitta.core.data.VR;
import io.sagitta.dicomweb.DicomWebOptions;
import io.sagitta.dicomweb.StoredInstances;
import io.sagitta.dicomweb.TestArchive;
import io.sagitta.dicomweb.http.HttpProblem;
import io.sagitta.dicomweb.wado.PixelDataLayouts;
import io.sagitta.storage.index.InstanceLocation;
import io.sagitta.storage.index.Scope;
import io.sagitta.storage.store.InstanceStore;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Rendered and thumbnail resources against a real PostgreSQL index and file blob store: instances
 * with known pixels are stored through the store path, the answers decoded back with ImageIO and
 * their sizes and grey levels compared with what the standard's formulas give for the input.
 */
class RenderedRoutesTest {

    private static final String ROOT = "1.2.826.0.1.3680043.10.543.300.";
    static final String STUDY = ROOT + "1";
    static final String SERIES_A = STUDY + ".1"; // three monochrome instances of 10, 12 and 14 columns
    static final String SERIES_B = STUDY + ".2"; // the rest
    static final String RAMP16 = SERIES_B + ".1";
    static final String MONO1 = SERIES_B + ".2";
    static final String SIGNED = SERIES_B + ".3";
    static final String RGB_INTERLEAVED = SERIES_B + ".4";
    static final String RGB_PLANAR = SERIES_B + ".5";
    static final String MULTI = SERIES_B + ".6";
    static final String JPEG = SERIES_B + ".7";
    static final String J2K = SERIES_B + ".8";
    static final String STRIPES = SERIES_B + ".9"; // 64 x 64, every fourth column 250, the others 0
    static final String NO_PIXELS_STUDY = ROOT + "2";
    static final int[][] COLOURS = {{255, 0, 0}, {0, 255, 0}, {0, 0, 255}, {255, 255, 0}, {0, 255, 255}, {255, 0, 255},
        {10, 20, 30}, {200, 100, 50}};

    static TestArchive archive;
    static BufferedImage jpegSource;

    @BeforeAll
    static void seed() throws IOException {
        archive = new TestArchive(TestArchive.mounts("/dicom-web", DicomWebOptions.DEFAULT), true);
        InstanceStore store = InstanceStore.create(archive.blobs, archive.index);
        for (int i = 0; i < 3; i++) {
            Dataset d = base(SERIES_A, 1, SERIES_A + "." + (i + 1), i + 1, 4, 10 + 2 * i);
            d.setInt(Tag.BitsAllocated, VR.US, 8);
            d.setInt(Tag.BitsStored, VR.US, 8);
            d.setInt(Tag.HighBit, VR.US, 7);
            d.setBytes(Tag.PixelData, VR.OW, new byte[4 * (10 + 2 * i)]);
            StoredInstances.store(store, d, UID.ExplicitVRLittleEndian, null);
        }

        // 16 x 4, 12 bits stored in 16, garbage above bit 11 in odd pixels; rescale 2, -1000; window 2000/4001.
        Dataset ramp = base(SERIES_B, 2, RAMP16, 1, 4, 16);
        ramp.setString(Tag.RescaleSlope, VR.DS, "2");
        ramp.setString(Tag.RescaleIntercept, VR.DS, "-1000");
        ramp.setString(Tag.WindowCenter, VR.DS, "2000", "40");
        ramp.setString(Tag.WindowWidth, VR.DS, "4001", "400");
        byte[] pixels = new byte[16 * 4 * 2];
        for (int i = 0; i < 64; i++) {
            int raw = rampValue(i) | (i % 2 == 1 ? 0xA000 : 0);
            pixels[2 * i] = (byte) raw;
            pixels[2 * i + 1] = (byte) (raw >> 8);
        }
        ramp.setBytes(Tag.PixelData, VR.OW, pixels);
        StoredInstances.store(store, ramp, UID.ExplicitVRLittleEndian, null);

        // MONOCHROME1, 8 bits, no window: 0..63 spread over black..white, inverted. Stored implicit.
        Dataset mono1 = base(SERIES_B, 2, MONO1, 2, 4, 16);
        mono1.setString(Tag.PhotometricInterpretation, VR.CS, "MONOCHROME1");
        mono1.setInt(Tag.BitsAllocated, VR.US, 8);
        mono1.setInt(Tag.BitsStored, VR.US, 8);
        mono1.setInt(Tag.HighBit, VR.US, 7);
        byte[] mono1Pixels = new byte[64];
        for (int i = 0; i < 64; i++) {
            mono1Pixels[i] = (byte) (i * 4);
        }
        mono1.setBytes(Tag.PixelData, VR.OB, mono1Pixels);
        StoredInstances.store(store, mono1, UID.ImplicitVRLittleEndian, null);

        // Signed 16 bits, -1000..1000, in explicit VR big endian.
        Dataset signed = base(SERIES_B, 2, SIGNED, 3, 4, 16);
        signed.setInt(Tag.BitsStored, VR.US, 16);
        signed.setInt(Tag.HighBit, VR.US, 15);
        signed.setInt(Tag.PixelRepresentation, VR.US, 1);
        byte[] signedPixels = new byte[128];
        for (int i = 0; i < 64; i++) {
            int v = signedValue(i);
            signedPixels[2 * i] = (byte) v; // little endian here; the writer swaps OW to big endian
            signedPixels[2 * i + 1] = (byte) (v >> 8);
        }
        signed.setBytes(Tag.PixelData, VR.OW, signedPixels);
        StoredInstances.store(store, signed, UID.ExplicitVRBigEndian, null);

        StoredInstances.store(store, rgb(RGB_INTERLEAVED, 4, false), UID.ExplicitVRLittleEndian, null);
        StoredInstances.store(store, rgb(RGB_PLANAR, 5, true), UID.ExplicitVRLittleEndian, null);

        // Three 8-bit frames of 4 x 16, frame n filled with 50 * n; window 75/100 linear-exact.
        Dataset multi = base(SERIES_B, 2, MULTI, 6, 4, 16);
        multi.setInt(Tag.BitsAllocated, VR.US, 8);
        multi.setInt(Tag.BitsStored, VR.US, 8);
        multi.setInt(Tag.HighBit, VR.US, 7);
        multi.setString(Tag.NumberOfFrames, VR.IS, "3");
        byte[] frames = new byte[3 * 64];
        for (int i = 0; i < frames.length; i++) {
            frames[i] = (byte) (50 * (i / 64 + 1));
        }
        multi.setBytes(Tag.PixelData, VR.OB, frames);
        multi.setString(Tag.WindowCenter, VR.DS, "100");
        multi.setString(Tag.WindowWidth, VR.DS, "200");
        multi.setString(Tag.VOILUTFunction, VR.CS, "LINEAR_EXACT");
        StoredInstances.store(store, multi, UID.ExplicitVRLittleEndian, null);

        // Baseline JPEG made by the JDK: a grey gradient of 24 x 16.
        jpegSource = new BufferedImage(24, 16, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 24; x++) {
                jpegSource.getRaster().setSample(x, y, 0, x * 10);
            }
        }
        ByteArrayOutputStream jpegBytes = new ByteArrayOutputStream();
        ImageIO.write(jpegSource, "jpeg", jpegBytes);
        Dataset jpeg = base(SERIES_B, 2, JPEG, 7, 16, 24);
        jpeg.remove(Tag.PixelData);
        jpeg.setInt(Tag.BitsAllocated, VR.US, 8);
        jpeg.setInt(Tag.BitsStored, VR.US, 8);
        jpeg.setInt(Tag.HighBit, VR.US, 7);
        jpeg.setString(Tag.WindowCenter, VR.DS, "128");
        jpeg.setString(Tag.WindowWidth, VR.DS, "256");
        jpeg.setString(Tag.VOILUTFunction, VR.CS, "LINEAR_EXACT");
        StoredInstances.store(store, jpeg, UID.JPEGBaseline8Bit, StoredInstances.encapsulated(new int[0], jpegBytes.toByteArray()));

        Dataset j2k = base(SERIES_B, 2, J2K, 8, 4, 16);
        j2k.remove(Tag.PixelData);
        StoredInstances.store(store, j2k, UID.JPEG2000Lossless, StoredInstances.encapsulated(new int[0],
            new byte[] {(byte) 0xFF, 0x4F, (byte) 0xFF, 0x51, 0, 0}));

        Dataset stripes = base(SERIES_B, 2, STRIPES, 9, 64, 64);
        stripes.setInt(Tag.BitsAllocated, VR.US, 8);
        stripes.setInt(Tag.BitsStored, VR.US, 8);
        stripes.setInt(Tag.HighBit, VR.US, 7);
        stripes.setString(Tag.WindowCenter, VR.DS, "128");
        stripes.setString(Tag.WindowWidth, VR.DS, "256");
        stripes.setString(Tag.VOILUTFunction, VR.CS, "LINEAR_EXACT");
        byte[] stripePixels = new byte[64 * 64];
        for (int i = 0; i < stripePixels.length; i++) {
            stripePixels[i] = (byte) (i % 4 == 3 ? 250 : 0);
        }
        stripes.setBytes(Tag.PixelData, VR.OB, stripePixels);
        StoredInstances.store(store, stripes, UID.ExplicitVRLittleEndian, null);

        Dataset report = base(NO_PIXELS_STUDY + ".1", 1, NO_PIXELS_STUDY + ".1.1", 1, 4, 4);
        report.setString(Tag.StudyInstanceUID, VR.UI, NO_PIXELS_STUDY);
        report.remove(Tag.PixelData);
        StoredInstances.store(store, report, UID.ExplicitVRLittleEndian, null);
    }

    @AfterAll
    static void close() throws IOException {
        if (archive != null) {
            archive.close();
        }
    }

    private static Dataset base(String series, int seriesNumber, String sop, int number, int rows, int columns) {
        Dataset d = instance("Render^Ray", "R1", STUDY, "20240202", series, seriesNumber, "CT", sop, number);
        d.setInt(Tag.Rows, VR.US, rows);
        d.setInt(Tag.Columns, VR.US, columns);
        return d;
    }

    static int rampValue(int i) {
        return 64 * i; // 0..4032, within 12 bits
    }

    static int signedValue(int i) {
        return -1000 + (2000 * i) / 63;
    }

    private static Dataset rgb(String sop, int number, boolean planar) {
        Dataset d = base(SERIES_B, 2, sop, number, 2, 4);
        d.setInt(Tag.SamplesPerPixel, VR.US, 3);
        d.setString(Tag.PhotometricInterpretation, VR.CS, "RGB");
        d.setInt(Tag.PlanarConfiguration, VR.US, planar ? 1 : 0);
        d.setInt(Tag.BitsAllocated, VR.US, 8);
        d.setInt(Tag.BitsStored, VR.US, 8);
        d.setInt(Tag.HighBit, VR.US, 7);
        byte[] pixels = new byte[8 * 3];
        for (int p = 0; p < 8; p++) {
            for (int c = 0; c < 3; c++) {
                pixels[planar ? c * 8 + p : 3 * p + c] = (byte) COLOURS[p][c];
            }
        }
        d.setBytes(Tag.PixelData, VR.OB, pixels);
        return d;
    }

    private static String instanceUrl(String series, String sop) {
        return "/dicom-web/studies/" + STUDY + "/series/" + series + "/instances/" + sop;
    }

    private static BufferedImage image(HttpResponse<byte[]> r, String type) throws IOException {
        assertEquals(200, r.statusCode(), () -> new String(r.body(), StandardCharsets.UTF_8));
        assertEquals(type, r.headers().firstValue("Content-Type").orElseThrow());
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(r.body()));
        assertNotNull(image, "decodable " + type);
        return image;
    }

    private static BufferedImage png(String path) throws IOException {
        return image(archive.getBytes(path, "Accept", "image/png"), "image/png");
    }

    private static int grey(BufferedImage image, int x, int y) {
        return image.getRaster().getSample(x, y, 0);
    }

    /** PS3.3 C.11.2.1.2.1, written out here on its own so the test does not borrow the code it checks. */
    private static int linear(double x, double c, double w) {
        double y;
        if (x <= c - 0.5 - (w - 1) / 2) {
            y = 0;
        } else if (x > c - 0.5 + (w - 1) / 2) {
            y = 255;
        } else {
            y = ((x - (c - 0.5)) / (w - 1) + 0.5) * 255;
        }
        return (int) Math.round(y);
    }

    @Test
    void rampWithRescaleAndDatasetWindowGivesTheStandardsGreyLevels() throws IOException {
        BufferedImage image = png(instanceUrl(SERIES_B, RAMP16) + "/rendered");
        assertEquals(16, image.getWidth());
        assertEquals(4, image.getHeight());
        for (int i = 0; i < 64; i++) {
            double modality = 2.0 * rampValue(i) - 1000;
            assertEquals(linear(modality, 2000, 4001), grey(image, i % 16, i / 16), "pixel " + i);
        }
        // The request's window replaces the dataset's: 0..200 in modality values.
        image = png(instanceUrl(SERIES_B, RAMP16) + "/rendered?window=100,201,linear");
        for (int i = 0; i < 64; i++) {
            double modality = 2.0 * rampValue(i) - 1000;
            assertEquals(linear(modality, 100, 201), grey(image, i % 16, i / 16), "pixel " + i);
        }
    }

    @Test
    void monochrome1IsInvertedAndWithoutAWindowSpansItsRange() throws IOException {
        BufferedImage image = png(instanceUrl(SERIES_B, MONO1) + "/rendered");
        assertEquals(255, grey(image, 0, 0), "lowest value is white in MONOCHROME1");
        assertEquals(0, grey(image, 15, 3), "highest is black");
        for (int i = 1; i < 64; i++) {
            assertTrue(grey(image, i % 16, i / 16) < grey(image, (i - 1) % 16, (i - 1) / 16), "decreasing at " + i);
        }
    }

    @Test
    void signedBigEndianWithRequestedLinearExactWindow() throws IOException {
        BufferedImage image = png(instanceUrl(SERIES_B, SIGNED) + "/rendered?window=0,2000,linear-exact");
        for (int i = 0; i < 64; i++) {
            double x = signedValue(i);
            int expected = x <= -1000 ? 0 : x > 1000 ? 255 : (int) Math.round((x / 2000 + 0.5) * 255);
            assertEquals(expected, grey(image, i % 16, i / 16), "pixel " + i);
        }
    }

    @Test
    void rgbInterleavedAndPlanar() throws IOException {
        for (String sop : List.of(RGB_INTERLEAVED, RGB_PLANAR)) {
            BufferedImage image = png(instanceUrl(SERIES_B, sop) + "/rendered");
            assertEquals(4, image.getWidth());
            assertEquals(2, image.getHeight());
            for (int p = 0; p < 8; p++) {
                int rgb = image.getRGB(p % 4, p / 4) & 0xFFFFFF;
                assertEquals(COLOURS[p][0] << 16 | COLOURS[p][1] << 8 | COLOURS[p][2], rgb, sop + " pixel " + p);
            }
        }
    }

    @Test
    void jpegByDefaultWithQualityAndViewport() throws IOException {
        HttpResponse<byte[]> r = archive.getBytes(instanceUrl(SERIES_B, RAMP16) + "/rendered?quality=100");
        BufferedImage image = image(r, "image/jpeg");
        assertEquals(16, image.getWidth());
        for (int i = 0; i < 64; i++) {
            int expected = linear(2.0 * rampValue(i) - 1000, 2000, 4001);
            assertTrue(Math.abs(expected - grey(image, i % 16, i / 16)) <= 3, "pixel " + i);
        }
        BufferedImage small = image(archive.getBytes(instanceUrl(SERIES_B, RAMP16) + "/rendered?viewport=8,8"), "image/jpeg");
        assertEquals(8, small.getWidth());
        assertEquals(2, small.getHeight());
        BufferedImage wide = image(archive.getBytes(instanceUrl(SERIES_B, RAMP16) + "/rendered?viewport=64,64",
            "Accept", "image/png;q=0.5, image/jpeg"), "image/jpeg");
        assertEquals(64, wide.getWidth());
        assertEquals(16, wide.getHeight());
        // The accept query parameter wins over the header.
        image(archive.getBytes(instanceUrl(SERIES_B, RAMP16) + "/rendered?accept=image/png", "Accept", "image/jpeg"), "image/png");
    }

    @Test
    void framesOfAMultiFrameInstance() throws IOException {
        for (int n = 1; n <= 3; n++) {
            BufferedImage image = png(instanceUrl(SERIES_B, MULTI) + "/frames/" + n + "/rendered");
            int expected = (int) Math.round(((50.0 * n - 100) / 200 + 0.5) * 255);
            assertEquals(expected, grey(image, 3, 2), "frame " + n);
        }
        HttpResponse<byte[]> both = archive.getBytes(instanceUrl(SERIES_B, MULTI) + "/frames/3,1/rendered", "Accept", "image/png");
        assertEquals(200, both.statusCode());
        List<byte[]> parts = parts(both);
        assertEquals(2, parts.size());
        assertEquals(Math.round(((150.0 - 100) / 200 + 0.5) * 255), grey(ImageIO.read(new ByteArrayInputStream(parts.get(0))), 0, 0));
        assertEquals(404, archive.getBytes(instanceUrl(SERIES_B, MULTI) + "/frames/4/rendered").statusCode());
    }

    @Test
    void baselineJpegIsDecodedAndWindowed() throws IOException {
        BufferedImage image = png(instanceUrl(SERIES_B, JPEG) + "/rendered");
        assertEquals(24, image.getWidth());
        assertEquals(16, image.getHeight());
        for (int x = 0; x < 24; x++) {
            // The source was lossy-compressed; the window (128/256 linear exact) maps v to about v.
            assertTrue(Math.abs(x * 10 - grey(image, x, 8)) <= 6, "column " + x + ": " + grey(image, x, 8));
        }
    }

    @Test
    void thumbnailsAreSmallAndOfTheRepresentativeInstance() throws IOException {
        BufferedImage instance = image(archive.getBytes(instanceUrl(SERIES_B, RAMP16) + "/thumbnail"), "image/jpeg");
        assertEquals(128, instance.getWidth());
        assertEquals(32, instance.getHeight());
        // Study and series: the middle instance of the first series, 12 x 4.
        for (String path : List.of("/dicom-web/studies/" + STUDY + "/thumbnail",
            "/dicom-web/studies/" + STUDY + "/series/" + SERIES_A + "/thumbnail")) {
            BufferedImage t = image(archive.getBytes(path), "image/jpeg");
            assertEquals(128, t.getWidth(), path);
            assertEquals(43, t.getHeight(), path);
        }
        BufferedImage sized = png("/dicom-web/studies/" + STUDY + "/series/" + SERIES_A + "/thumbnail?viewport=24,24");
        assertEquals(24, sized.getWidth());
        assertEquals(8, sized.getHeight());
        BufferedImage frame = png(instanceUrl(SERIES_B, MULTI) + "/frames/2/thumbnail?viewport=16,16");
        assertEquals(16, frame.getWidth());
        assertEquals(Math.round(((100.0 - 100) / 200 + 0.5) * 255), grey(frame, 3, 2));
    }

    @Test
    void shrinkingAveragesFineDetailInsteadOfAliasingIt() throws IOException {
        BufferedImage thumbnail = png(instanceUrl(SERIES_B, STRIPES) + "/thumbnail?viewport=16,16");
        assertEquals(16, thumbnail.getWidth());
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                // The average, about 62; one bilinear step from 64 to 16 would read only the black columns.
                assertEquals(62, grey(thumbnail, x, y), 4, "pixel " + x + "," + y);
            }
        }
    }

    @Test
    void renderingsInFlightStayWithinTheirMemoryBudget() throws Exception {
        InstanceLocation ramp = TestArchive.await(archive.index.locations(Scope.instance(STUDY, SERIES_B, RAMP16))).get(0);
        RenderingParameters plain = new RenderingParameters(null, 0, 0, 90);
        // 16 x 4 pixels of 2 bytes: 2 x 128 + 8 x 64 = 768 bytes by the estimate.
        WorkerExecutor oneThread = archive.vertx.createSharedWorkerExecutor("rendering-budget-test", 1);
        try {
            ImageRendering tooSmall = new ImageRendering(new PixelDataLayouts(archive.blobs), oneThread, 700);
            HttpProblem refused = assertThrows(HttpProblem.class,
                () -> TestArchive.await(tooSmall.render(ramp, 1, plain, RenderedMediaType.PNG)));
            assertEquals(406, refused.status());

            ImageRendering oneAtATime = new ImageRendering(new PixelDataLayouts(archive.blobs), oneThread, 1000);
            CountDownLatch release = new CountDownLatch(1);
            oneThread.executeBlocking(() -> release.await(30, TimeUnit.SECONDS), false); // holds the only worker
            Future<byte[]> first = oneAtATime.render(ramp, 1, plain, RenderedMediaType.PNG);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (oneAtATime.reserved() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(5); // until the first has reserved its share and waits for the worker
            }
            assertEquals(768, oneAtATime.reserved());
            HttpProblem busy = assertThrows(HttpProblem.class,
                () -> TestArchive.await(oneAtATime.render(ramp, 1, plain, RenderedMediaType.PNG)));
            assertEquals(503, busy.status());
            release.countDown();
            assertEquals(16, ImageIO.read(new ByteArrayInputStream(TestArchive.await(first))).getWidth());
            assertEquals(0, oneAtATime.reserved(), "released when done");
            assertEquals(16, ImageIO.read(new ByteArrayInputStream(TestArchive.await(
                oneAtATime.render(ramp, 1, plain, RenderedMediaType.PNG)))).getWidth());
        } finally {
            oneThread.close();
        }
    }

    @Test
    void studyAndSeriesRenderedAreMultipartsOfTheirImages() throws IOException {
        HttpResponse<byte[]> series = archive.getBytes("/dicom-web/studies/" + STUDY + "/series/" + SERIES_A + "/rendered",
            "Accept", "image/png");
        assertEquals(200, series.statusCode(), () -> new String(series.body(), StandardCharsets.UTF_8));
        assertTrue(series.headers().firstValue("Content-Type").orElseThrow().startsWith("multipart/related; type=\"image/png\""));
        List<byte[]> parts = parts(series);
        assertEquals(3, parts.size());
        for (int i = 0; i < 3; i++) {
            assertEquals(10 + 2 * i, ImageIO.read(new ByteArrayInputStream(parts.get(i))).getWidth());
        }
        // The study holds JPEG 2000, which is not rendered: refused before anything is sent.
        HttpResponse<byte[]> study = archive.getBytes("/dicom-web/studies/" + STUDY + "/rendered");
        assertEquals(406, study.statusCode());
        // Nothing with pixels at all.
        assertEquals(404, archive.getBytes("/dicom-web/studies/" + NO_PIXELS_STUDY + "/rendered").statusCode());
    }

    @Test
    void refusalsSayWhy() {
        HttpResponse<byte[]> j2k = archive.getBytes(instanceUrl(SERIES_B, J2K) + "/rendered");
        assertEquals(406, j2k.statusCode());
        assertTrue(new String(j2k.body(), StandardCharsets.UTF_8).toLowerCase(Locale.ROOT).contains("cannot render"));
        assertEquals(406, archive.getBytes(instanceUrl(SERIES_B, RAMP16) + "/rendered", "Accept", "image/gif").statusCode());
        assertEquals(404, archive.getBytes(instanceUrl(SERIES_B, "1.2.3.4") + "/rendered").statusCode());
        assertEquals(404, archive.getBytes("/dicom-web/studies/1.2.3.4/thumbnail").statusCode());
        for (String bad : List.of("window=abc,10", "window=1,0,linear", "window=1,10,cubic", "window=1", "viewport=0,10",
            "viewport=a,b", "viewport=10", "viewport=99999,10", "quality=0", "quality=101", "quality=x")) {
            HttpResponse<byte[]> r = archive.getBytes(instanceUrl(SERIES_B, RAMP16) + "/rendered?" + bad);
            assertEquals(400, r.statusCode(), bad);
        }
        assertEquals(400, archive.getBytes(instanceUrl(SERIES_B, MULTI) + "/frames/x/rendered").statusCode());
        // The server keeps serving.
        assertEquals(200, archive.getBytes(instanceUrl(SERIES_B, RAMP16) + "/rendered").statusCode());
    }

    @Test
    void wadoUriRendersThroughTheSameRenderer() throws IOException {
        String ramp = "/wado?requestType=WADO&studyUID=" + STUDY + "&seriesUID=" + SERIES_B + "&objectUID=" + RAMP16;
        BufferedImage image = image(archive.getBytes(ramp + "&contentType=image/png"), "image/png");
        for (int i = 0; i < 64; i++) {
            assertEquals(linear(2.0 * rampValue(i) - 1000, 2000, 4001), grey(image, i % 16, i / 16), "pixel " + i);
        }
        image = image(archive.getBytes(ramp + "&contentType=image/png&windowCenter=100&windowWidth=201"), "image/png");
        for (int i = 0; i < 64; i++) {
            assertEquals(linear(2.0 * rampValue(i) - 1000, 100, 201), grey(image, i % 16, i / 16), "pixel " + i);
        }
        // A list, best first: JPEG before DICOM; rows alone bounds the height, columns alone the width.
        BufferedImage rows = image(archive.getBytes(ramp + "&contentType=image/jpeg,application/dicom&rows=2&imageQuality=50"),
            "image/jpeg");
        assertEquals(8, rows.getWidth());
        assertEquals(2, rows.getHeight());
        BufferedImage columns = image(archive.getBytes(ramp + "&contentType=image/jpeg&columns=32"), "image/jpeg");
        assertEquals(32, columns.getWidth());
        assertEquals(8, columns.getHeight());
        assertEquals(16, image(archive.getBytes(ramp + "&contentType=image/jpeg&rows=8&columns=16"), "image/jpeg").getWidth());
        String multi = "/wado?requestType=WADO&studyUID=" + STUDY + "&seriesUID=" + SERIES_B + "&objectUID=" + MULTI
            + "&contentType=image/png";
        assertEquals(Math.round(((150.0 - 100) / 200 + 0.5) * 255), grey(png(multi.substring(0, multi.length()) + "&frameNumber=3"), 0, 0));
        assertEquals(Math.round(((50.0 - 100) / 200 + 0.5) * 255), grey(png(multi), 0, 0));
        assertEquals(404, archive.getBytes(multi + "&frameNumber=4").statusCode());
        for (String bad : List.of("&windowCenter=10", "&windowWidth=10", "&windowCenter=a&windowWidth=10", "&rows=0",
            "&columns=x", "&imageQuality=0", "&frameNumber=0", "&frameNumber=x")) {
            assertEquals(400, archive.getBytes(ramp + "&contentType=image/jpeg" + bad).statusCode(), bad);
        }
        assertEquals(406, archive.getBytes("/wado?requestType=WADO&studyUID=" + STUDY + "&seriesUID=" + SERIES_B + "&objectUID="
            + J2K + "&contentType=image/jpeg").statusCode());
        // application/dicom first still answers the file.
        HttpResponse<byte[]> file = archive.getBytes(ramp + "&contentType=application/dicom,image/jpeg");
        assertEquals("application/dicom", file.headers().firstValue("Content-Type").orElseThrow());
    }

    private static List<byte[]> parts(HttpResponse<byte[]> r) {
        String type = r.headers().firstValue("Content-Type").orElseThrow();
        String boundary = type.substring(type.indexOf("boundary=") + "boundary=".length());
        byte[] body = r.body();
        String text = new String(body, StandardCharsets.ISO_8859_1);
        List<byte[]> out = new ArrayList<>();
        int at = text.indexOf("--" + boundary + "\r\n");
        while (at >= 0) {
            int start = text.indexOf("\r\n\r\n", at) + 4;
            int end = text.indexOf("\r\n--" + boundary, start);
            out.add(java.util.Arrays.copyOfRange(body, start, end));
            at = text.indexOf("--" + boundary + "\r\n", end);
        }
        return out;
    }
}
