package io.sagitta.core.testing;

import io.sagitta.core.data.ByteOrder;
import io.sagitta.core.data.Tag;
import io.sagitta.core.data.TransferSyntax;
import io.sagitta.core.data.VR;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.Deflater;

/**
 * Builds DICOM bytes by hand, header by header, in any of the three uncompressed encodings, so tests
 * can say exactly what is on the wire, including what no toolkit would write (odd lengths, lying
 * lengths, items where they do not belong).
 *
 * <p>Typed values ({@link #us}, {@link #fd}, ...) are given as numbers and written in the builder's
 * byte order; {@link #element} takes value bytes in little endian and swaps them for big endian
 * (as the parser swaps them back); {@link #raw} writes bytes as they are.
 */
public final class DicomBytes {

    /** How element headers and binary values are written. */
    public enum Encoding {
        IMPLICIT_LE(false, false),
        EXPLICIT_LE(true, false),
        EXPLICIT_BE(true, true);

        final boolean explicitVR;
        final boolean bigEndian;

        Encoding(boolean explicitVR, boolean bigEndian) {
            this.explicitVR = explicitVR;
            this.bigEndian = bigEndian;
        }

        public static Encoding of(TransferSyntax ts) {
            if (!ts.explicitVR()) {
                return IMPLICIT_LE;
            }
            return ts.bigEndian() ? EXPLICIT_BE : EXPLICIT_LE;
        }
    }

    public static final long UNDEFINED = 0xFFFFFFFFL;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private Encoding encoding;

    private DicomBytes(Encoding encoding) {
        this.encoding = encoding;
    }

    public static DicomBytes implicitLE() {
        return new DicomBytes(Encoding.IMPLICIT_LE);
    }

    public static DicomBytes explicitLE() {
        return new DicomBytes(Encoding.EXPLICIT_LE);
    }

    public static DicomBytes explicitBE() {
        return new DicomBytes(Encoding.EXPLICIT_BE);
    }

    public static DicomBytes of(Encoding encoding) {
        return new DicomBytes(encoding);
    }

    public static DicomBytes of(TransferSyntax ts) {
        return new DicomBytes(Encoding.of(ts));
    }

    /** A fresh builder in this builder's current encoding, for the contents of a defined-length item or sequence. */
    public DicomBytes nested() {
        return new DicomBytes(encoding);
    }

    public Encoding encoding() {
        return encoding;
    }

    /** Switches the encoding of what follows (e.g. to implicit VR little endian inside UN of undefined length). */
    public DicomBytes encoding(Encoding encoding) {
        this.encoding = encoding;
        return this;
    }

    /** Bytes written so far. */
    public int size() {
        return out.size();
    }

    public byte[] toByteArray() {
        return out.toByteArray();
    }

    // ---------------------------------------------------------------- headers

    /** An element header with whatever length it is told, true or not; the VR is not written in implicit VR. */
    public DicomBytes header(int tag, VR vr, long length) {
        u16(tag >>> 16);
        u16(tag & 0xFFFF);
        if (!encoding.explicitVR) {
            u32(length);
        } else if (vr.hasLongHeader()) {
            vrCode(vr.code);
            u16(0);
            u32(length);
        } else {
            vrCode(vr.code);
            u16((int) length);
        }
        return this;
    }

    /** An explicit VR header with an arbitrary (possibly invalid) two-byte VR code and a 16-bit length. */
    public DicomBytes headerWithVrCode(int tag, int vrCode, int length) {
        u16(tag >>> 16);
        u16(tag & 0xFFFF);
        vrCode(vrCode);
        u16(length);
        return this;
    }

    /** A group FFFE header (item, delimiters): tag and 32-bit length, never a VR. */
    public DicomBytes delimiterHeader(int tag, long length) {
        u16(tag >>> 16);
        u16(tag & 0xFFFF);
        u32(length);
        return this;
    }

    public DicomBytes sequence(int tag) {
        return header(tag, VR.SQ, UNDEFINED);
    }

    /** A defined-length sequence around already-built contents (its items). */
    public DicomBytes sequence(int tag, byte[] contents) {
        header(tag, VR.SQ, contents.length);
        return raw(contents);
    }

    public DicomBytes item() {
        return delimiterHeader(Tag.Item, UNDEFINED);
    }

    /** A defined-length item around already-built contents. */
    public DicomBytes item(byte[] contents) {
        delimiterHeader(Tag.Item, contents.length);
        return raw(contents);
    }

    public DicomBytes itemEnd() {
        return delimiterHeader(Tag.ItemDelimitationItem, 0);
    }

    public DicomBytes sequenceEnd() {
        return delimiterHeader(Tag.SequenceDelimitationItem, 0);
    }

    /** Encapsulated Pixel Data: an undefined-length header, the Basic Offset Table and fragments, and the delimiter. */
    public DicomBytes encapsulated(int tag, byte[] offsetTable, byte[]... fragments) {
        header(tag, VR.OB, UNDEFINED);
        item(offsetTable);
        for (byte[] fragment : fragments) {
            item(fragment);
        }
        return sequenceEnd();
    }

    // ---------------------------------------------------------------- values

    /** An element whose value is given little endian; swapped per the VR's unit for big endian. */
    public DicomBytes element(int tag, VR vr, byte[] valueLE) {
        header(tag, vr, valueLE.length);
        byte[] v = valueLE.clone();
        if (encoding.bigEndian) {
            ByteOrder.swap(v, 0, v.length, vr.unitSize());
        }
        return raw(v);
    }

    /** A character value, padded to even length with the VR's padding byte. */
    public DicomBytes string(int tag, VR vr, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.ISO_8859_1);
        if ((bytes.length & 1) != 0) {
            byte[] padded = java.util.Arrays.copyOf(bytes, bytes.length + 1);
            padded[bytes.length] = (byte) vr.paddingByte();
            bytes = padded;
        }
        header(tag, vr, bytes.length);
        return raw(bytes);
    }

    /** A character value written exactly as given (odd lengths included), in Latin-1 or UTF-8 bytes as given. */
    public DicomBytes unpadded(int tag, VR vr, byte[] bytes) {
        header(tag, vr, bytes.length);
        return raw(bytes);
    }

    public DicomBytes us(int tag, int... values) {
        return binary(tag, VR.US, 2, toLongs(values));
    }

    public DicomBytes ss(int tag, int... values) {
        return binary(tag, VR.SS, 2, toLongs(values));
    }

    public DicomBytes ul(int tag, long... values) {
        return binary(tag, VR.UL, 4, values);
    }

    public DicomBytes sl(int tag, int... values) {
        return binary(tag, VR.SL, 4, toLongs(values));
    }

    public DicomBytes fl(int tag, float... values) {
        long[] bits = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Float.floatToIntBits(values[i]) & 0xFFFFFFFFL;
        }
        return binary(tag, VR.FL, 4, bits);
    }

    public DicomBytes fd(int tag, double... values) {
        long[] bits = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Double.doubleToLongBits(values[i]);
        }
        return binary(tag, VR.FD, 8, bits);
    }

    /** Attribute tags: each written as two 16-bit numbers, group first. */
    public DicomBytes at(int tag, int... tags) {
        header(tag, VR.AT, 4L * tags.length);
        for (int t : tags) {
            u16(t >>> 16);
            u16(t & 0xFFFF);
        }
        return this;
    }

    /** OW words, written in the builder's byte order. */
    public DicomBytes ow(int tag, int... words) {
        return binary(tag, VR.OW, 2, toLongs(words));
    }

    private DicomBytes binary(int tag, VR vr, int unit, long[] values) {
        header(tag, vr, (long) unit * values.length);
        for (long v : values) {
            number(v, unit);
        }
        return this;
    }

    // ---------------------------------------------------------------- raw

    public DicomBytes raw(byte[] bytes) {
        out.write(bytes, 0, bytes.length);
        return this;
    }

    public DicomBytes raw(int... bytes) {
        for (int b : bytes) {
            out.write(b);
        }
        return this;
    }

    public DicomBytes ascii(String text) {
        return raw(text.getBytes(StandardCharsets.US_ASCII));
    }

    /** A 16-bit number in the builder's byte order. */
    public DicomBytes u16(int v) {
        return number(v & 0xFFFF, 2);
    }

    /** A 32-bit number in the builder's byte order. */
    public DicomBytes u32(long v) {
        return number(v & 0xFFFFFFFFL, 4);
    }

    private DicomBytes number(long v, int size) {
        for (int i = 0; i < size; i++) {
            int shift = encoding.bigEndian ? 8 * (size - 1 - i) : 8 * i;
            out.write((int) (v >>> shift) & 0xFF);
        }
        return this;
    }

    private void vrCode(int code) {
        out.write(code >>> 8);
        out.write(code & 0xFF);
    }

    private static long[] toLongs(int[] ints) {
        long[] longs = new long[ints.length];
        for (int i = 0; i < ints.length; i++) {
            longs[i] = ints[i];
        }
        return longs;
    }

    // ---------------------------------------------------------------- whole files

    /** File Meta Information (explicit VR little endian), with a correct group length when asked. */
    public static byte[] fileMeta(String transferSyntaxUid, boolean groupLength) {
        DicomBytes rest = explicitLE()
            .element(0x00020001, VR.OB, new byte[] {0, 1})
            .string(0x00020002, VR.UI, "1.2.840.10008.5.1.4.1.1.7")
            .string(0x00020003, VR.UI, "1.2.3.4.5.6.7")
            .string(0x00020010, VR.UI, transferSyntaxUid)
            .string(0x00020012, VR.UI, "1.2.3.999")
            .string(0x00020013, VR.SH, "SAGITTA_TEST");
        DicomBytes meta = explicitLE();
        if (groupLength) {
            meta.ul(Tag.FileMetaInformationGroupLength, rest.size());
        }
        return meta.raw(rest.toByteArray()).toByteArray();
    }

    /** A Part 10 file: 128-byte preamble, "DICM", File Meta Information and the dataset bytes as given. */
    public static byte[] part10(String transferSyntaxUid, byte[] dataset) {
        return concat(new byte[128], "DICM".getBytes(StandardCharsets.US_ASCII), fileMeta(transferSyntaxUid, true),
            dataset);
    }

    /** Raw deflate (no zlib header), as Deflated Explicit VR Little Endian wants. */
    public static byte[] deflate(byte[] data) {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        deflater.setInput(data);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        while (!deflater.finished()) {
            int n = deflater.deflate(buffer);
            out.write(buffer, 0, n);
        }
        deflater.end();
        return out.toByteArray();
    }

    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.write(part, 0, part.length);
        }
        return out.toByteArray();
    }
}
