package io.sagitta.core.data;

/** Small facts about tags as 32-bit numbers (group in the high half, element in the low half). */
public final class Tags {

    private Tags() {
    }

    public static int of(int group, int element) {
        return (group << 16) | (element & 0xFFFF);
    }

    public static int group(int tag) {
        return tag >>> 16;
    }

    public static int element(int tag) {
        return tag & 0xFFFF;
    }

    /** Private data elements live in odd groups (PS3.5 section 7.8), except the reserved 0001-0007 and FFFF. */
    public static boolean isPrivate(int tag) {
        int group = group(tag);
        return (group & 1) != 0 && group > 0x0007 && group != 0xFFFF;
    }

    /** (gggg,0010-00FF) in a private group reserves a block of elements for one creator. */
    public static boolean isPrivateCreator(int tag) {
        int element = element(tag);
        return isPrivate(tag) && element >= 0x0010 && element <= 0x00FF;
    }

    /** (gggg,0000): the length of the rest of the group; retired outside groups 0000 and 0002. */
    public static boolean isGroupLength(int tag) {
        return element(tag) == 0;
    }

    /** Item, item delimitation and sequence delimitation: (FFFE,E000), (FFFE,E00D), (FFFE,E0DD). */
    public static boolean isItemDelimiter(int tag) {
        return group(tag) == 0xFFFE;
    }

    /** Pixel data proper: Pixel Data, Float Pixel Data, Double Float Pixel Data (7FE0,0008/0009/0010). */
    public static boolean isPixelData(int tag) {
        return tag == 0x7FE00010 || tag == 0x7FE00008 || tag == 0x7FE00009;
    }

    /** The {@code GGGGEEEE} form used by DICOM JSON and QIDO-RS. */
    public static String toHex(int tag) {
        char[] out = new char[8];
        for (int i = 7; i >= 0; i--) {
            out[i] = HEX[tag & 0xF];
            tag >>>= 4;
        }
        return new String(out);
    }

    /** The {@code (GGGG,EEEE)} form that dcmdump and people use. */
    public static String toString(int tag) {
        String hex = toHex(tag);
        return "(" + hex.substring(0, 4) + "," + hex.substring(4) + ")";
    }

    /** Parses {@code GGGGEEEE} (8 hex digits); returns -1 when the text is not one. */
    public static long parseHex(CharSequence text) {
        if (text.length() != 8) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < 8; i++) {
            int digit = Character.digit(text.charAt(i), 16);
            if (digit < 0) {
                return -1;
            }
            value = (value << 4) | digit;
        }
        return value;
    }

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
}
