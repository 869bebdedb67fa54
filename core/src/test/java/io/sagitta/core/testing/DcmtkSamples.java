package io.sagitta.core.testing;

import io.sagitta.core.data.TransferSyntax;
import io.sagitta.core.data.VR;
import io.sagitta.core.testing.DicomBytes.Encoding;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * A corpus of DICOM files made by dcmtk (dump2dcm, dcmconv, dcmcrle, dcmcjpeg, img2dcm, dcmodify) in
 * every transfer syntax the parser reads, plus a few that dcmtk will read but not write (UN of
 * undefined length, odd lengths), hand-made with {@link DicomBytes}. Needs {@link Dcmtk#available()}.
 */
public final class DcmtkSamples {

    private DcmtkSamples() {
    }

    /**
     * Most VRs (new ones included), a Latin-1 name, a multi-valued LO with a backslash, private elements
     * and a private sequence, sequences nested three deep, an empty sequence and an empty item.
     */
    public static String richDump() {
        return String.join("\n",
            "(0008,0005) CS [ISO_IR 100]",
            "(0008,0016) UI [1.2.840.10008.5.1.4.1.1.7]",
            "(0008,0018) UI [1.2.826.0.1.3680043.2.1125.1]",
            "(0008,0020) DA [20240102]",
            "(0008,002a) DT [20240102101530.5+0100]",
            "(0008,0030) TM [101530.123456]",
            "(0008,0054) AE [SAGITTA_AE]",
            "(0008,0060) CS [OT]",
            "(0008,0081) ST [1 Main Street, Springfield]",
            "(0008,0119) UC [a long code value that may exceed sixty-four characters, which UC allows]",
            "(0008,0120) UR [http://example.com/codes?x=1]",
            "(0008,1030) LO [Study \\ with a backslash]",
            "(0008,1115) SQ (Sequence with undefined length #=2)",
            "(fffe,e000) na (Item with undefined length #=0)",
            "(fffe,e00d) na (ItemDelimitationItem)",
            "(fffe,e000) na (Item with undefined length #=1)",
            "(0020,000e) UI [1.2.3.4.5]",
            "(fffe,e00d) na (ItemDelimitationItem)",
            "(fffe,e0dd) na (SequenceDelimitationItem)",
            "(0008,1140) SQ (Sequence with undefined length #=0)",
            "(fffe,e0dd) na (SequenceDelimitationItem)",
            "(0009,0010) LO [ACME 1.0]",
            "(0009,1001) LO [private value]",
            "(0009,1002) US 7\\8",
            "(0009,1003) UN 01\\02\\03\\04",
            "(0009,1010) SQ (Sequence with undefined length #=1)",
            "(fffe,e000) na (Item with undefined length #=2)",
            "(0009,0010) LO [INNER]",
            "(0009,1001) ST [inner text]",
            "(fffe,e00d) na (ItemDelimitationItem)",
            "(fffe,e0dd) na (SequenceDelimitationItem)",
            "(0010,0010) PN [M\u00fcller^J\u00f6rg=Mueller^Joerg]",
            "(0010,1010) AS [042Y]",
            "(0018,1020) LO [v1\\v2\\v3]",
            "(0018,1638) OF 1.5\\-2.25\\1e+10",
            "(0018,6011) SQ (Sequence with undefined length #=1)",
            "(fffe,e000) na (Item with undefined length #=2)",
            "(0018,6012) US 1",
            "(0040,a730) SQ (Sequence with undefined length #=1)",
            "(fffe,e000) na (Item with undefined length #=2)",
            "(0040,a040) CS [TEXT]",
            "(0040,a730) SQ (Sequence with undefined length #=1)",
            "(fffe,e000) na (Item with undefined length #=2)",
            "(0040,a040) CS [TEXT]",
            "(0040,a160) UT [three levels deep]",
            "(fffe,e00d) na (ItemDelimitationItem)",
            "(fffe,e0dd) na (SequenceDelimitationItem)",
            "(fffe,e00d) na (ItemDelimitationItem)",
            "(fffe,e0dd) na (SequenceDelimitationItem)",
            "(fffe,e00d) na (ItemDelimitationItem)",
            "(fffe,e0dd) na (SequenceDelimitationItem)",
            "(0018,6020) SL -123456\\7",
            "(0018,9219) SS -5",
            "(0020,0013) IS [-42]",
            "(0020,0032) DS [1.5\\-2.25\\3]",
            "(0020,4000) LT [comments with \\ a backslash]",
            "(0020,9165) AT (0010,0010)\\(0020,0032)",
            "(0028,0034) IS [1\\1]",
            "(0032,1060) LO (no value available)",
            "(0040,a0b0) US 1\\2\\3",
            "(0066,0022) OD 3.5\\-0.125",
            "(0066,0040) OL 1\\4294967295\\305419896",
            "(0070,0253) FL 0.1",
            "(0072,0074) FD 3.141592653589793\\1e-300",
            "(0072,0081) OV 102030405060708",
            "(0072,0082) SV -9000000000000000000\\5",
            "(0072,0083) UV 18000000000000000000\\1",
            "");
    }

    /** An image: a monochrome Image Pixel module and native Pixel Data with a gradient in every frame. */
    public static String imageDump(int bits, int frames, int rows, int columns) {
        StringBuilder sb = new StringBuilder();
        sb.append("(0008,0016) UI [1.2.840.10008.5.1.4.1.1.7]\n")
            .append("(0008,0018) UI [1.2.826.0.1.3680043.2.1125.").append(bits).append('.').append(frames).append("]\n")
            .append("(0010,0010) PN [Pixel^Test]\n")
            .append("(0028,0002) US 1\n")
            .append("(0028,0004) CS [MONOCHROME2]\n");
        if (frames > 1) {
            sb.append("(0028,0008) IS [").append(frames).append("]\n");
        }
        sb.append("(0028,0010) US ").append(rows).append('\n')
            .append("(0028,0011) US ").append(columns).append('\n')
            .append("(0028,0100) US ").append(bits).append('\n')
            .append("(0028,0101) US ").append(bits == 8 ? 8 : 12).append('\n')
            .append("(0028,0102) US ").append(bits == 8 ? 7 : 11).append('\n')
            .append("(0028,0103) US 0\n")
            .append("(7fe0,0010) ").append(bits == 8 ? "OB " : "OW ");
        for (int f = 0; f < frames; f++) {
            for (int y = 0; y < rows; y++) {
                for (int x = 0; x < columns; x++) {
                    if (f + y + x > 0) {
                        sb.append('\\');
                    }
                    int v = bits == 8 ? (x * 7 + y * 3 + f * 50) & 0xFF : (x * 300 + y * 17 + f * 1000) & 0xFFF;
                    sb.append(String.format(bits == 8 ? "%02x" : "%04x", v));
                }
            }
        }
        return sb.append('\n').toString();
    }

    /** A baseline JPEG (a smooth grey gradient) written by the JDK's ImageIO. */
    public static byte[] jpeg(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int v = (x * 255 / width + y * 255 / height) / 2;
                image.setRGB(x, y, (v << 16) | (v << 8) | v);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "jpeg", out)) {
                throw new IllegalStateException("no JPEG writer in this JDK");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * Writes the corpus into {@code dir} and returns it by name. Each file is a different path through
     * the parser: syntaxes, length forms, group lengths, padding, private data, compression.
     */
    public static Map<String, Path> generate(Path dir) {
        Map<String, Path> files = new LinkedHashMap<>();
        String rich = richDump();
        Path explicitLE = Dcmtk.dump2dcm(rich, dir.resolve("explicit-le-undefined.dcm"), "+te", "-e");
        files.put("explicit-le-undefined-lengths", explicitLE);
        files.put("explicit-le-defined-lengths-group-lengths-padding",
            Dcmtk.dump2dcm(rich, dir.resolve("explicit-le-defined.dcm"), "+te", "+e", "+g", "+p", "256", "32"));
        files.put("implicit-le", Dcmtk.dump2dcm(rich, dir.resolve("implicit-le.dcm"), "+ti", "-e"));
        files.put("implicit-le-defined-lengths", Dcmtk.dump2dcm(rich, dir.resolve("implicit-le-defined.dcm"), "+ti"));
        files.put("explicit-be-with-pixels", Dcmtk.dump2dcm(rich + imageDump(16, 1, 8, 8).replaceFirst(
            "(?s)^.*?\\(0028,0002\\)", "(0028,0002)"), dir.resolve("explicit-be.dcm"), "+tb"));
        files.put("deflated", Dcmtk.convert("dcmconv", explicitLE, dir.resolve("deflated.dcm"), "+td"));
        files.put("deflated-from-dump2dcm", Dcmtk.dump2dcm(rich, dir.resolve("deflated2.dcm"), "+td", "+cl", "9"));
        files.put("bare-dataset-explicit-le", Dcmtk.dump2dcm(rich, dir.resolve("bare-explicit.dcm"), "-F", "+te"));
        files.put("bare-dataset-implicit-le", Dcmtk.dump2dcm(rich, dir.resolve("bare-implicit.dcm"), "-F", "+ti"));

        Path image8 = Dcmtk.dump2dcm(imageDump(8, 2, 16, 16), dir.resolve("image8.dcm"), "+te");
        Path image16 = Dcmtk.dump2dcm(imageDump(16, 1, 16, 16), dir.resolve("image16.dcm"), "+te");
        files.put("native-8bit-2-frames", image8);
        files.put("rle-8bit-2-frames", Dcmtk.convert("dcmcrle", image8, dir.resolve("rle8.dcm")));
        files.put("rle-16bit", Dcmtk.convert("dcmcrle", image16, dir.resolve("rle16.dcm")));
        files.put("jpeg-lossless-sv1", Dcmtk.convert("dcmcjpeg", image16, dir.resolve("jpeg-ll.dcm"), "+e1"));
        files.put("jpeg-baseline-2-frames", Dcmtk.convert("dcmcjpeg", image8, dir.resolve("jpeg-b.dcm"), "+eb"));

        Path jpegFile = dir.resolve("gradient.jpg");
        write(jpegFile, jpeg(32, 24));
        Path img2dcm = Dcmtk.convert("img2dcm", jpegFile, dir.resolve("img2dcm.dcm"));
        files.put("jpeg-baseline-img2dcm", img2dcm);

        // dcmodify: nested sequences made by path, a private block, an element added to a compressed file.
        Path modified = dir.resolve("dcmodify.dcm");
        write(modified, read(img2dcm));
        Dcmtk.run(dir, "dcmodify", "-nb",
            "-i", "(0008,1115)[0].(0008,1140)[0].(0008,1155)=1.2.3.4",
            "-i", "(0008,1115)[1].(0008,1150)=1.2.840.10008.5.1.4.1.1.2",
            "-i", "(0029,0010)=SAGITTA TEST",
            "-i", "(0029,1001)=0102",
            "-i", "(0010,0020)=ODD",
            modified.toString());
        files.put("dcmodify-nested-and-private", modified);

        // Conversions dcmtk makes from implicit VR: private elements become UN, the private sequence SQ.
        files.put("implicit-to-explicit-un", Dcmtk.convert("dcmconv", files.get("implicit-le"),
            dir.resolve("implicit-to-explicit.dcm"), "+te"));

        // What dcmtk reads but will not write.
        files.put("un-undefined-explicit-le", handMade(dir, "un-le.dcm", TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN,
            SampleInputs.unknownSequence(Encoding.EXPLICIT_LE)));
        files.put("un-undefined-explicit-be", handMade(dir, "un-be.dcm", TransferSyntax.EXPLICIT_VR_BIG_ENDIAN,
            SampleInputs.unknownSequence(Encoding.EXPLICIT_BE)));
        files.put("odd-lengths", withOddLengths(dir, explicitLE));
        return files;
    }

    private static Path handMade(Path dir, String name, TransferSyntax ts, byte[] dataset) {
        Path file = dir.resolve(name);
        write(file, DicomBytes.part10(ts.uid(), dataset));
        return file;
    }

    /** The explicit VR file with a private block of odd-length values appended (after the last element). */
    private static Path withOddLengths(Path dir, Path source) {
        byte[] tail = DicomBytes.explicitLE()
            .string(0x7FE10010, VR.LO, "ODD LENGTHS")
            .unpadded(0x7FE11001, VR.LO, "ABC".getBytes(StandardCharsets.US_ASCII))
            .element(0x7FE11002, VR.OB, new byte[] {1, 2, 3, 4, 5})
            .unpadded(0x7FE11003, VR.UT, "xyz".getBytes(StandardCharsets.US_ASCII))
            .toByteArray();
        Path file = dir.resolve("odd-lengths.dcm");
        write(file, DicomBytes.concat(read(source), tail));
        return file;
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, byte[] bytes) {
        try {
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
