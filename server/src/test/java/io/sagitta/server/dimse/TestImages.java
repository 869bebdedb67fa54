package io.sagitta.server.dimse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sagitta.core.data.Dataset;
import io.sagitta.core.data.Tag;
import io.sagitta.core.data.TransferSyntax;
import io.sagitta.core.data.VR;
import io.sagitta.core.io.Part10Writer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/** Sample instances for the DIMSE tests, and dataset comparison of Part 10 files. */
final class TestImages {

    static final String SECONDARY_CAPTURE = "1.2.840.10008.5.1.4.1.1.7";
    static final String CT = "1.2.840.10008.5.1.4.1.1.2";

    private TestImages() {
    }

    /** A small 8-bit monochrome image in implicit VR little endian, written by dcmtk (so storescu sends it unchanged). */
    static Path image(Path dir, String name, String sopInstanceUid, int size) throws Exception {
        Dataset ds = header(SECONDARY_CAPTURE, sopInstanceUid, size, size, 1);
        byte[] pixels = new byte[size * size];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) ((i % size) * 3 + (i / size));
        }
        ds.setBytes(Tag.PixelData, VR.OB, pixels);
        Path raw = dir.resolve(name + ".raw.dcm");
        Files.write(raw, Part10Writer.create().toBytes(ds, TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN));
        Path out = dir.resolve(name + ".dcm");
        Dcmtk.run("dcmconv", "+ti", raw.toString(), out.toString()).assertSuccess();
        return out;
    }

    private static Dataset header(String sopClass, String sopInstanceUid, int rows, int columns, int frames) {
        Dataset ds = new Dataset();
        ds.setString(Tag.SOPClassUID, VR.UI, sopClass);
        ds.setString(Tag.SOPInstanceUID, VR.UI, sopInstanceUid);
        ds.setString(Tag.StudyInstanceUID, VR.UI, "2.25.1001");
        ds.setString(Tag.SeriesInstanceUID, VR.UI, "2.25.1002");
        ds.setString(Tag.PatientName, VR.PN, "Test^Dimse");
        ds.setString(Tag.PatientID, VR.LO, "DIMSE-1");
        ds.setString(Tag.Modality, VR.CS, "OT");
        ds.setInt(Tag.SamplesPerPixel, VR.US, 1);
        ds.setString(Tag.PhotometricInterpretation, VR.CS, "MONOCHROME2");
        if (frames > 1) {
            ds.setString(Tag.NumberOfFrames, VR.IS, Integer.toString(frames));
        }
        ds.setInt(Tag.Rows, VR.US, rows);
        ds.setInt(Tag.Columns, VR.US, columns);
        ds.setInt(Tag.BitsAllocated, VR.US, 8);
        ds.setInt(Tag.BitsStored, VR.US, 8);
        ds.setInt(Tag.HighBit, VR.US, 7);
        ds.setInt(Tag.PixelRepresentation, VR.US, 0);
        return ds;
    }

    /** Converts with a dcmtk tool: {@code tool options... in out}. */
    static Path convert(Path in, Path out, String tool, String... options) throws Exception {
        String[] cmd = new String[options.length + 3];
        cmd[0] = tool;
        System.arraycopy(options, 0, cmd, 1, options.length);
        cmd[options.length + 1] = in.toString();
        cmd[options.length + 2] = out.toString();
        Dcmtk.run(cmd).assertSuccess();
        return out;
    }

    /**
     * A large image (implicit VR little endian) whose Pixel Data is written in 1 MiB pieces, never held whole.
     */
    static Path largeImage(Path dir, String sopInstanceUid, int rows, int columns, int frames) throws IOException {
        Dataset ds = header(CT, sopInstanceUid, rows, columns, frames);
        Path out = dir.resolve("large.dcm");
        long length = (long) rows * columns * frames;
        try (OutputStream os = Files.newOutputStream(out)) {
            os.write(Part10Writer.create().toBytes(ds, TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN));
            ByteBuffer header = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            header.putShort((short) 0x7FE0).putShort((short) 0x0010).putInt((int) length);
            os.write(header.array());
            byte[] piece = new byte[1 << 20];
            long written = 0;
            while (written < length) {
                int n = (int) Math.min(piece.length, length - written);
                for (int i = 0; i < n; i++) {
                    piece[i] = (byte) ((written + i) * 31 >>> 3);
                }
                os.write(piece, 0, n);
                written += n;
            }
        }
        return out;
    }

    /** Where the data set starts: after the preamble, prefix and File Meta group (led by its group length). */
    static long datasetOffset(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(144);
            ByteBuffer b = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
            assertEquals(0x0002, b.getShort(132), "group length first in " + file);
            assertEquals(0x0000, b.getShort(134));
            return 144 + Integer.toUnsignedLong(b.getInt(140));
        }
    }

    /** Asserts that two Part 10 files carry the same data set bytes, streaming (files may be large). */
    static void assertSameDataset(Path expected, Path actual) throws IOException {
        try (InputStream a = Files.newInputStream(expected); InputStream b = Files.newInputStream(actual)) {
            a.skipNBytes(datasetOffset(expected));
            b.skipNBytes(datasetOffset(actual));
            byte[] x = new byte[1 << 16];
            byte[] y = new byte[1 << 16];
            long at = 0;
            while (true) {
                int n = a.readNBytes(x, 0, x.length);
                int m = b.readNBytes(y, 0, y.length);
                assertEquals(n, m, "data set lengths differ after " + at + " bytes");
                if (n == 0) {
                    return;
                }
                if (!Arrays.equals(x, 0, n, y, 0, m)) {
                    int i = Arrays.mismatch(x, 0, n, y, 0, m);
                    throw new AssertionError("data sets differ at byte " + (at + i) + " of " + expected + " / " + actual);
                }
                at += n;
            }
        }
    }

    /** For deflated files: the inflated data sets are equal (the deflate streams may differ). */
    static void assertSameInflatedDataset(Path expected, Path actual) throws Exception {
        assertArrayEquals(inflate(dataset(expected)), inflate(dataset(actual)));
    }

    static byte[] dataset(Path file) throws IOException {
        byte[] all = Files.readAllBytes(file);
        return Arrays.copyOfRange(all, (int) datasetOffset(file), all.length);
    }

    private static byte[] inflate(byte[] deflated) throws DataFormatException {
        Inflater inflater = new Inflater(true);
        inflater.setInput(deflated);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        while (!inflater.finished()) {
            int n = inflater.inflate(buf);
            if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                break;
            }
            out.write(buf, 0, n);
        }
        inflater.end();
        return out.toByteArray();
    }
}
