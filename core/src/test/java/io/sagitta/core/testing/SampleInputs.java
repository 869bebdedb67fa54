package io.sagitta.core.testing;

import io.sagitta.core.data.Tag;
import io.sagitta.core.data.TransferSyntax;
import io.sagitta.core.data.VR;
import io.sagitta.core.testing.DicomBytes.Encoding;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Small hand-built DICOM inputs, the same content in every encoding, for parser tests that need to
 * know exactly what is on the wire (and for tools that need valid seeds without dcmtk).
 */
public final class SampleInputs {

    /** Latin-1 bytes of "Müller^Jörg" (ISO_IR 100). */
    public static final byte[] LATIN1_NAME = "M\u00fcller^J\u00f6rg".getBytes(StandardCharsets.ISO_8859_1);

    private SampleInputs() {
    }

    /**
     * A dataset with most VRs, a Latin-1 name, private elements and a private sequence, sequences nested
     * three deep in both length forms, empty sequences and empty items.
     */
    public static byte[] richDataset(Encoding encoding) {
        DicomBytes b = DicomBytes.of(encoding);
        b.string(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 100")
            .string(Tag.SOPClassUID, VR.UI, "1.2.840.10008.5.1.4.1.1.7")
            .string(Tag.SOPInstanceUID, VR.UI, "1.2.3.4.5.6.7")
            .string(Tag.StudyDate, VR.DA, "20240102");
        // Referenced Series: an empty undefined-length item, then an empty defined-length item.
        b.sequence(Tag.ReferencedSeriesSequence).item().itemEnd().item(new byte[0]).sequenceEnd();
        // Referenced Image: a defined-length sequence of a defined-length and an undefined-length item.
        DicomBytes items = b.nested();
        items.item(b.nested()
            .string(Tag.ReferencedSOPClassUID, VR.UI, "1.2.840.10008.5.1.4.1.1.2")
            .string(Tag.ReferencedSOPInstanceUID, VR.UI, "1.2.3.1").toByteArray());
        items.item().string(Tag.ReferencedSOPInstanceUID, VR.UI, "1.2.3.2").itemEnd();
        b.sequence(Tag.ReferencedImageSequence, items.toByteArray());
        // Private block: creator, a value, and a private sequence. In implicit VR the parser knows it is a
        // sequence only because it is UN of undefined length (whose items are implicit VR anyway).
        b.string(0x00090010, VR.LO, "ACME 1.0")
            .string(0x00091001, VR.LO, "private value")
            .header(0x00091010, VR.SQ, DicomBytes.UNDEFINED)
            .item()
            .string(0x00090010, VR.LO, "INNER")
            .string(0x00091001, VR.LO, "inner text")
            .itemEnd()
            .sequenceEnd();
        b.unpadded(Tag.PatientName, VR.PN, LATIN1_NAME)
            .string(Tag.PatientAge, VR.AS, "042Y");
        // Three levels deep, undefined lengths outside, a defined-length sequence innermost.
        DicomBytes deepest = b.nested();
        deepest.item(b.nested().string(Tag.TextValue, VR.UT, "deep").toByteArray());
        b.sequence(Tag.SequenceOfUltrasoundRegions).item()
            .us(Tag.RegionSpatialFormat, 1)
            .sequence(Tag.ContentSequence).item()
            .string(Tag.ValueType, VR.CS, "TEXT")
            .sequence(Tag.ContentSequence, deepest.toByteArray())
            .itemEnd().sequenceEnd()
            .itemEnd().sequenceEnd();
        b.ss(Tag.TagAngleSecondAxis, -5)
            .string(Tag.ImagePositionPatient, VR.DS, "1.5\\-2.25\\3")
            .at(Tag.DimensionIndexPointer, Tag.PatientName, Tag.ImagePositionPatient)
            .sequence(Tag.ModalityLUTSequence).sequenceEnd()
            .sequence(Tag.RequestAttributesSequence, new byte[0])
            .us(Tag.ReferencedWaveformChannels, 1, 2, 3, 65535)
            .fl(Tag.LineThickness, 0.1f)
            .fd(Tag.SelectorFDValue, Math.PI, -1e-300);
        return b.toByteArray();
    }

    /** An image: 4x4 16-bit native Pixel Data, followed by Data Set Trailing Padding. */
    public static byte[] nativeImage(Encoding encoding) {
        DicomBytes b = DicomBytes.of(encoding);
        imageModule(b, 16);
        int[] words = new int[16];
        for (int i = 0; i < words.length; i++) {
            words[i] = 0x0100 * i + 0x0F - i;
        }
        b.ow(Tag.PixelData, words);
        b.element(Tag.DataSetTrailingPadding, VR.OB, new byte[6]);
        return b.toByteArray();
    }

    /** Encapsulated Pixel Data of two frames (a Basic Offset Table, three fragments), then padding. */
    public static byte[] encapsulatedImage() {
        DicomBytes b = DicomBytes.explicitLE();
        imageModule(b, 8);
        b.string(Tag.NumberOfFrames, VR.IS, "2");
        byte[] bot = DicomBytes.explicitLE().u32(0).u32(24).toByteArray();
        b.encapsulated(Tag.PixelData, bot,
            new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, new byte[] {9, 10, 11, 12, 13, 14, 15, 16},
            new byte[] {17, 18, 19, 20});
        b.element(Tag.DataSetTrailingPadding, VR.OB, new byte[4]);
        return b.toByteArray();
    }

    /**
     * Explicit VR data (little or big endian) with a private UN element of undefined length whose items
     * are implicit VR little endian (PS3.5 6.2.2), and elements after it in the dataset's own encoding.
     */
    public static byte[] unknownSequence(Encoding encoding) {
        DicomBytes b = DicomBytes.of(encoding);
        b.string(Tag.SOPInstanceUID, VR.UI, "1.2.3.4")
            .string(0x00110010, VR.LO, "UN CREATOR")
            .header(0x00111001, VR.UN, DicomBytes.UNDEFINED)
            .encoding(Encoding.IMPLICIT_LE)
            .item()
            .string(Tag.StudyDate, VR.DA, "20240102")
            .us(Tag.Rows, 512)
            .sequence(Tag.ContentSequence).item().string(Tag.ValueType, VR.CS, "TEXT").itemEnd().sequenceEnd()
            .itemEnd()
            .sequenceEnd()
            .encoding(encoding)
            .us(Tag.Columns, 256)
            .ul(0x00111002, 0x01020304L);
        return b.toByteArray();
    }

    /** Odd-length values: a 3-byte LO, a 5-byte OB and a 3-byte UT. */
    public static byte[] oddLengths(Encoding encoding) {
        return DicomBytes.of(encoding)
            .string(Tag.SOPInstanceUID, VR.UI, "1.2.3.4")
            .unpadded(Tag.ProtocolName, VR.LO, "ABC".getBytes(StandardCharsets.US_ASCII))
            .element(0x00191001, VR.OB, new byte[] {1, 2, 3, 4, 5})
            .unpadded(Tag.ImageComments, VR.LT, "xyz".getBytes(StandardCharsets.US_ASCII))
            .toByteArray();
    }

    private static void imageModule(DicomBytes b, int bits) {
        b.string(Tag.SOPClassUID, VR.UI, "1.2.840.10008.5.1.4.1.1.7")
            .string(Tag.SOPInstanceUID, VR.UI, "1.2.3.4.5.6.8")
            .us(Tag.SamplesPerPixel, 1)
            .string(Tag.PhotometricInterpretation, VR.CS, "MONOCHROME2")
            .us(Tag.Rows, 4)
            .us(Tag.Columns, 4)
            .us(Tag.BitsAllocated, bits)
            .us(Tag.BitsStored, bits)
            .us(Tag.HighBit, bits - 1)
            .us(Tag.PixelRepresentation, 0);
    }

    /**
     * Every sample as a complete input (Part 10 files, a meta group without preamble, and bare datasets
     * for {@code AUTO}), keyed by a readable name.
     */
    public static Map<String, byte[]> all() {
        Map<String, byte[]> all = new LinkedHashMap<>();
        String il = TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN.uid();
        String el = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid();
        String eb = TransferSyntax.EXPLICIT_VR_BIG_ENDIAN.uid();
        all.put("rich-implicit-le", DicomBytes.part10(il, richDataset(Encoding.IMPLICIT_LE)));
        all.put("rich-explicit-le", DicomBytes.part10(el, richDataset(Encoding.EXPLICIT_LE)));
        all.put("rich-explicit-be", DicomBytes.part10(eb, richDataset(Encoding.EXPLICIT_BE)));
        all.put("rich-deflated", DicomBytes.part10(TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN.uid(),
            DicomBytes.deflate(richDataset(Encoding.EXPLICIT_LE))));
        all.put("rich-meta-no-preamble", DicomBytes.concat(DicomBytes.fileMeta(el, true),
            richDataset(Encoding.EXPLICIT_LE)));
        all.put("rich-bare-implicit-le", richDataset(Encoding.IMPLICIT_LE));
        all.put("rich-bare-explicit-be", richDataset(Encoding.EXPLICIT_BE));
        all.put("image-native-explicit-le", DicomBytes.part10(el, nativeImage(Encoding.EXPLICIT_LE)));
        all.put("image-native-explicit-be", DicomBytes.part10(eb, nativeImage(Encoding.EXPLICIT_BE)));
        all.put("image-native-implicit-le", DicomBytes.part10(il, nativeImage(Encoding.IMPLICIT_LE)));
        all.put("image-encapsulated", DicomBytes.part10(TransferSyntax.RLE_LOSSLESS.uid(), encapsulatedImage()));
        all.put("un-undefined-explicit-le", DicomBytes.part10(el, unknownSequence(Encoding.EXPLICIT_LE)));
        all.put("un-undefined-explicit-be", DicomBytes.part10(eb, unknownSequence(Encoding.EXPLICIT_BE)));
        all.put("odd-lengths-explicit-le", DicomBytes.part10(el, oddLengths(Encoding.EXPLICIT_LE)));
        all.put("odd-lengths-implicit-le", DicomBytes.part10(il, oddLengths(Encoding.IMPLICIT_LE)));
        return all;
    }
}
