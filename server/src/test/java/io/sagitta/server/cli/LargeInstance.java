package io.sagitta.server.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A multi-frame instance of any size, made on the fly: a Part 10 header written by hand (explicit
 * VR little endian, so this test needs none of the archive's classes) and Pixel Data whose every
 * 8-byte word is a hash of its position, so any slice can be made again to check what came back.
 */
final class LargeInstance {

    static final String SOP_CLASS = "1.2.840.10008.5.1.4.1.1.7.3"; // Multi-frame Grayscale Word SC
    static final String EXPLICIT_LE = "1.2.840.10008.1.2.1";

    final String studyUid;
    final String seriesUid;
    final String sopInstanceUid;
    final int rows;
    final int columns;
    final int frames;

    LargeInstance(String uidRoot, int rows, int columns, int frames) {
        this.studyUid = uidRoot + ".1";
        this.seriesUid = uidRoot + ".2";
        this.sopInstanceUid = uidRoot + ".3";
        this.rows = rows;
        this.columns = columns;
        this.frames = frames;
    }

    long frameLength() {
        return 2L * rows * columns;
    }

    long pixelLength() {
        return frameLength() * frames;
    }

    /** The Part 10 file up to and including the Pixel Data element header. */
    byte[] header() {
        ByteArrayOutputStream meta = new ByteArrayOutputStream();
        element(meta, 0x0002, 0x0001, "OB", new byte[] {0, 1});
        element(meta, 0x0002, 0x0002, "UI", uid(SOP_CLASS));
        element(meta, 0x0002, 0x0003, "UI", uid(sopInstanceUid));
        element(meta, 0x0002, 0x0010, "UI", uid(EXPLICIT_LE));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[128]);
        out.writeBytes("DICM".getBytes(StandardCharsets.US_ASCII));
        element(out, 0x0002, 0x0000, "UL", le(4).putInt(meta.size()).array());
        out.writeBytes(meta.toByteArray());
        element(out, 0x0008, 0x0016, "UI", uid(SOP_CLASS));
        element(out, 0x0008, 0x0018, "UI", uid(sopInstanceUid));
        element(out, 0x0008, 0x0060, "CS", text("OT"));
        element(out, 0x0010, 0x0010, "PN", text("LARGE^INSTANCE"));
        element(out, 0x0010, 0x0020, "LO", text("LARGE1"));
        element(out, 0x0020, 0x000D, "UI", uid(studyUid));
        element(out, 0x0020, 0x000E, "UI", uid(seriesUid));
        element(out, 0x0020, 0x0013, "IS", text("1"));
        element(out, 0x0028, 0x0002, "US", le(2).putShort((short) 1).array());
        element(out, 0x0028, 0x0004, "CS", text("MONOCHROME2"));
        element(out, 0x0028, 0x0008, "IS", text(Integer.toString(frames)));
        element(out, 0x0028, 0x0010, "US", le(2).putShort((short) rows).array());
        element(out, 0x0028, 0x0011, "US", le(2).putShort((short) columns).array());
        element(out, 0x0028, 0x0100, "US", le(2).putShort((short) 16).array());
        element(out, 0x0028, 0x0101, "US", le(2).putShort((short) 16).array());
        element(out, 0x0028, 0x0102, "US", le(2).putShort((short) 15).array());
        element(out, 0x0028, 0x0103, "US", le(2).putShort((short) 0).array());
        out.writeBytes(pixelDataHeader());
        return out.toByteArray();
    }

    /** (7FE0,0010) OW with its 32-bit length: what precedes the pixels in any encoding we send. */
    byte[] pixelDataHeader() {
        return le(12).putShort((short) 0x7FE0).putShort((short) 0x0010).put((byte) 'O').put((byte) 'W')
            .putShort((short) 0).putInt((int) pixelLength()).array();
    }

    /** Fills {@code into} with the pixel bytes at {@code offset}; both multiples of 8. */
    static void pixels(long offset, byte[] into, int length) {
        ByteBuffer b = ByteBuffer.wrap(into, 0, length).order(ByteOrder.LITTLE_ENDIAN);
        long word = offset >>> 3;
        for (int i = 0; i < length; i += 8) {
            b.putLong(i, mix(word++));
        }
    }

    // SplitMix64's finaliser: cheap, and every word differs, so a misplaced chunk cannot match.
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** The whole file as a stream, made as it is read. */
    InputStream stream() {
        return new java.io.SequenceInputStream(new java.io.ByteArrayInputStream(header()), new PixelStream(pixelLength()));
    }

    private static final class PixelStream extends InputStream {
        private final long length;
        private final byte[] chunk = new byte[1 << 20];
        private long offset;
        private int position = chunk.length;
        private int filled = chunk.length;

        PixelStream(long length) {
            this.length = length;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (position == filled) {
                long left = length - offset;
                if (left == 0) {
                    return -1;
                }
                filled = (int) Math.min(chunk.length, left);
                pixels(offset, chunk, filled);
                offset += filled;
                position = 0;
            }
            int n = Math.min(len, filled - position);
            System.arraycopy(chunk, position, b, off, n);
            position += n;
            return n;
        }
    }

    /**
     * Reads {@code in} up to the Pixel Data header, then checks every pixel byte against what was
     * sent, then returns what follows them (a multipart trailer, or nothing).
     */
    void checkPixels(InputStream in) throws IOException {
        byte[] marker = pixelDataHeader();
        int matched = 0;
        long scanned = 0;
        while (matched < marker.length) {
            int c = in.read();
            if (c < 0) {
                throw new AssertionError("no Pixel Data header in the first " + scanned + " bytes");
            }
            scanned++;
            if (c == (marker[matched] & 0xff)) {
                matched++;
            } else {
                matched = c == (marker[0] & 0xff) ? 1 : 0;
            }
        }
        byte[] expected = new byte[1 << 20];
        byte[] actual = new byte[1 << 20];
        long offset = 0;
        while (offset < pixelLength()) {
            int n = (int) Math.min(expected.length, pixelLength() - offset);
            pixels(offset, expected, n);
            int read = in.readNBytes(actual, 0, n);
            if (read != n || !java.util.Arrays.equals(expected, 0, n, actual, 0, n)) {
                throw new AssertionError("pixel bytes differ or end early in the chunk at offset " + offset);
            }
            offset += n;
        }
    }

    private static void element(ByteArrayOutputStream out, int group, int element, String vr, byte[] value) {
        boolean longForm = vr.equals("OB") || vr.equals("OW");
        ByteBuffer h = le(longForm ? 12 : 8).putShort((short) group).putShort((short) element)
            .put(vr.getBytes(StandardCharsets.US_ASCII));
        if (longForm) {
            h.putShort((short) 0).putInt(value.length);
        } else {
            h.putShort((short) value.length);
        }
        out.writeBytes(h.array());
        out.writeBytes(value);
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static byte[] uid(String uid) {
        return pad(uid, (byte) 0);
    }

    private static byte[] text(String text) {
        return pad(text, (byte) ' ');
    }

    private static byte[] pad(String s, byte padding) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        if (b.length % 2 == 0) {
            return b;
        }
        byte[] padded = java.util.Arrays.copyOf(b, b.length + 1);
        padded[b.length] = padding;
        return padded;
    }
}
