package io.sagitta.core.charset;

import static io.sagitta.core.charset.Bytes.hex;
import static io.sagitta.core.charset.Bytes.toHex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sagitta.core.data.VR;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Terms, the default repertoire, the single-byte sets and the Unicode/GB sets without code extensions. */
class SpecificCharacterSetTest {

    // --- of(), terms(), isIso2022() ---

    @Test
    void missingOrBlankValuesGiveTheDefault() {
        assertSame(SpecificCharacterSet.DEFAULT, SpecificCharacterSet.of());
        assertSame(SpecificCharacterSet.DEFAULT, SpecificCharacterSet.of((String[]) null));
        assertSame(SpecificCharacterSet.DEFAULT, SpecificCharacterSet.of((String) null));
        assertSame(SpecificCharacterSet.DEFAULT, SpecificCharacterSet.of(""));
        assertSame(SpecificCharacterSet.DEFAULT, SpecificCharacterSet.of("  ", ""));
        assertEquals(0, SpecificCharacterSet.DEFAULT.terms().length);
        assertFalse(SpecificCharacterSet.DEFAULT.isIso2022());
    }

    @Test
    void termsAreTrimmedAndKeepAnEmptyFirstValue() {
        SpecificCharacterSet cs = SpecificCharacterSet.of("", " ISO 2022 IR 87 ", "");
        assertArrayEquals(new String[] {"", "ISO 2022 IR 87"}, cs.terms());
        assertEquals("\\ISO 2022 IR 87", cs.toString());
        assertTrue(cs.isIso2022());
    }

    @Test
    void aRawValueWithBackslashesIsSplitIntoItsValues() {
        SpecificCharacterSet cs = SpecificCharacterSet.of("ISO 2022 IR 13\\ISO 2022 IR 87");
        assertArrayEquals(new String[] {"ISO 2022 IR 13", "ISO 2022 IR 87"}, cs.terms());
        assertEquals(SpecificCharacterSet.of("ISO 2022 IR 13", "ISO 2022 IR 87"), cs);
    }

    @Test
    void termsCannotBeChangedThroughTheReturnedArray() {
        SpecificCharacterSet cs = SpecificCharacterSet.of("ISO_IR 100");
        cs.terms()[0] = "ISO_IR 144";
        assertEquals("ISO_IR 100", cs.terms()[0]);
    }

    @Test
    void equalityFollowsTheTerms() {
        assertEquals(SpecificCharacterSet.of("ISO_IR 100"), SpecificCharacterSet.of(" ISO_IR 100"));
        assertEquals(SpecificCharacterSet.of("ISO_IR 100").hashCode(), SpecificCharacterSet.of("ISO_IR 100").hashCode());
        assertNotEquals(SpecificCharacterSet.of("ISO_IR 100"), SpecificCharacterSet.of("ISO_IR 101"));
        assertEquals(SpecificCharacterSet.UTF_8, SpecificCharacterSet.of("ISO_IR 192"));
    }

    @ParameterizedTest
    @CsvSource({
        "ISO_IR 100, false",
        "ISO_IR 13, false",
        "ISO_IR 192, false",
        "GB18030, false",
        "ISO 2022 IR 100, true",
        "ISO 2022 IR 6, true",
        "ISO 2022 IR 149, true",
    })
    void isIso2022ForCodeExtensionTermsOnly(String term, boolean expected) {
        assertEquals(expected, SpecificCharacterSet.of(term).isIso2022());
    }

    @Test
    void severalValuesUseCodeExtensionsUnlessValueOneExcludesThem() {
        assertTrue(SpecificCharacterSet.of("", "ISO 2022 IR 149").isIso2022());
        assertFalse(SpecificCharacterSet.of("ISO_IR 192", "ISO 2022 IR 87").isIso2022());
    }

    // --- Unknown terms and odd spellings ---

    @Test
    void unknownTermsReadLikeTheDefaultAndNeverThrow() {
        SpecificCharacterSet cs = SpecificCharacterSet.of("ISO_IR 999");
        assertArrayEquals(new String[] {"ISO_IR 999"}, cs.terms());
        assertFalse(cs.isIso2022());
        assertEquals("Caf\u00e9", cs.decode(hex("43 61 66 e9"), VR.LO));
        assertArrayEquals(hex("43 61 66 e9"), cs.encode("Caf\u00e9", VR.LO));

        SpecificCharacterSet mixed = SpecificCharacterSet.of("KLINGON", "ISO 2022 IR 999", "ISO 2022 IR 87");
        assertEquals("\u5c71\u7530^Caf\u00e9", mixed.decode(hex("1b 24 42 3b 33 45 44 1b 28 42 5e 43 61 66 e9"), VR.PN));
    }

    @Test
    void oddSpellingsOfKnownTermsAreRecognised() {
        byte[] polish = hex("a3 f3 64 bc");
        for (String spelling : new String[] {"ISO_IR 101", "ISO_IR101", "iso_ir 101", "ISO-IR 101", "ISO IR 101"}) {
            assertEquals("\u0141\u00f3d\u017a", SpecificCharacterSet.of(spelling).decode(polish, VR.LO), spelling);
        }
    }

    // --- Default repertoire ---

    @Test
    void defaultDecodesHighBytesAsLatin1SoNothingIsLost() {
        byte[] bytes = hex("4d fc 6c 6c 65 72 5e 4a 6f 73 e9");
        String text = SpecificCharacterSet.DEFAULT.decode(bytes, VR.PN);
        assertEquals("M\u00fcller^Jos\u00e9", text);
        assertArrayEquals(bytes, SpecificCharacterSet.DEFAULT.encode(text, VR.PN));
    }

    @Test
    void defaultCanEncodeAsciiOnly() {
        assertTrue(SpecificCharacterSet.DEFAULT.canEncode("Doe^John\\Smith"));
        assertFalse(SpecificCharacterSet.DEFAULT.canEncode("M\u00fcller"));
        assertTrue(SpecificCharacterSet.of("ISO_IR 6").canEncode("Doe"));
        assertFalse(SpecificCharacterSet.of("ISO_IR 6").canEncode("\u00e9"));
    }

    @Test
    void defaultReplacesWhatLatin1CannotHold() {
        assertArrayEquals(hex("41 3f 42"), SpecificCharacterSet.DEFAULT.encode("A\u5c71B", VR.LO));
    }

    // --- Single-byte sets without code extensions (bytes from the ISO 8859 / TIS 620 code charts) ---

    @Test
    void polishNameRoundTripsInLatin2() {
        SpecificCharacterSet cs = SpecificCharacterSet.of("ISO_IR 101");
        byte[] bytes = hex("a3 75 6b 61 73 7a 5e af f3 b3 e6");
        assertEquals("\u0141ukasz^\u017b\u00f3\u0142\u0107", cs.decode(bytes, VR.PN));
        assertArrayEquals(bytes, cs.encode("\u0141ukasz^\u017b\u00f3\u0142\u0107", VR.PN));
        assertTrue(cs.canEncode("\u0141ukasz^\u017b\u00f3\u0142\u0107"));
        assertFalse(cs.canEncode("\u0418"));
    }

    @Test
    void russianNameRoundTripsInCyrillic() {
        SpecificCharacterSet cs = SpecificCharacterSet.of("ISO_IR 144");
        byte[] bytes = hex("b8 d2 d0 dd de d2 5e bf f1 e2 e0");
        assertEquals("\u0418\u0432\u0430\u043d\u043e\u0432^\u041f\u0451\u0442\u0440", cs.decode(bytes, VR.PN));
        assertArrayEquals(bytes, cs.encode("\u0418\u0432\u0430\u043d\u043e\u0432^\u041f\u0451\u0442\u0440", VR.PN));
    }

    @ParameterizedTest
    @CsvSource({
        // term,      text,                                                   bytes
        "ISO_IR 100, '\u00c5ngstr\u00f6m',                                   c5 6e 67 73 74 72 f6 6d",
        "ISO_IR 109, '\u0124\u0109',                                         a6 e6",
        "ISO_IR 110, '\u0100\u0101',                                         c0 e0",
        "ISO_IR 127, '\u0645\u0631\u062d\u0628\u0627',                       e5 d1 cd c8 c7",
        "ISO_IR 126, '\u0395\u03bb\u03bb\u03b7\u03bd\u03b9\u03ba\u03ac',     c5 eb eb e7 ed e9 ea dc",
        "ISO_IR 138, '\u05e2\u05d1\u05e8\u05d9\u05ea',                       f2 e1 f8 e9 fa",
        "ISO_IR 148, '\u0130\u011f\u015f',                                   dd f0 fe",
        "ISO_IR 203, '\u20ac\u0160\u0161',                                   a4 a6 a8",
        "ISO_IR 166, '\u0e20\u0e32\u0e29\u0e32\u0e44\u0e17\u0e22',           c0 d2 c9 d2 e4 b7 c2",
    })
    void singleByteSetsDecodeAndEncodeTheirCharts(String term, String text, String bytes) {
        SpecificCharacterSet cs = SpecificCharacterSet.of(term);
        assertEquals(text, cs.decode(hex(bytes), VR.LO));
        assertEquals(bytes, toHex(cs.encode(text, VR.LO)));
        assertTrue(cs.canEncode(text));
    }

    @Test
    void multipleValuesKeepTheirBackslashes() {
        SpecificCharacterSet cs = SpecificCharacterSet.of("ISO_IR 100");
        byte[] bytes = hex("4d fc 6c 6c 65 72 5c 53 74 72 61 df 65");
        assertEquals("M\u00fcller\\Stra\u00dfe", cs.decode(bytes, VR.LO));
        assertArrayEquals(bytes, cs.encode("M\u00fcller\\Stra\u00dfe", VR.LO));
    }

    @Test
    void unencodableCharactersBecomeQuestionMarks() {
        assertArrayEquals(hex("41 3f 42"), SpecificCharacterSet.of("ISO_IR 144").encode("A\u00e9B", VR.LO));
    }

    // --- Unicode and GB sets (PS3.5 Annex J) ---

    @Test
    void utf8LongTextOfExampleJ2() {
        // The printed text shows a space before the Chinese characters; the printed bytes, which
        // are what counts, have none.
        String text = "The first line includes\u4e2d\u6587.\r\nThe second line includes\u4e2d\u6587, too.\r\nThe third line.\r\n";
        byte[] bytes = hex("54 68 65 20 66 69 72 73 74 20 6c 69 6e 65 20 69 6e 63 6c 75 64 65 73 e4 b8 ad e6 96 87 2e 0d 0a"
                + " 54 68 65 20 73 65 63 6f 6e 64 20 6c 69 6e 65 20 69 6e 63 6c 75 64 65 73 e4 b8 ad e6 96 87 2c 20 74 6f 6f 2e 0d 0a"
                + " 54 68 65 20 74 68 69 72 64 20 6c 69 6e 65 2e 0d 0a");
        SpecificCharacterSet cs = SpecificCharacterSet.of("ISO_IR 192");
        assertEquals(text, cs.decode(bytes, VR.LT));
        assertArrayEquals(bytes, cs.encode(text, VR.LT));
    }

    @Test
    void utf8PersonName() {
        byte[] bytes = hex("57 61 6e 67 5e 58 69 61 6f 44 6f 6e 67 3d e7 8e 8b 5e e5 b0 8f e6 9d b1 3d");
        String name = "Wang^XiaoDong=\u738b^\u5c0f\u6771=";
        assertEquals(name, SpecificCharacterSet.UTF_8.decode(bytes, VR.PN));
        assertArrayEquals(bytes, SpecificCharacterSet.UTF_8.encode(name, VR.PN));
        assertTrue(SpecificCharacterSet.UTF_8.canEncode(name + "\ud840\udc00"));
        assertFalse(SpecificCharacterSet.UTF_8.canEncode("\ud840"));
    }

    @Test
    void utf8MalformedBytesBecomeReplacementCharacters() {
        assertEquals("A\ufffdB", SpecificCharacterSet.UTF_8.decode(hex("41 c3 42"), VR.LO));
    }

    @Test
    void gb18030PersonNameOfExampleJ3() {
        byte[] bytes = hex("57 61 6e 67 5e 58 69 61 6f 44 6f 6e 67 3d cd f5 5e d0 a1 b6 ab 3d");
        String name = "Wang^XiaoDong=\u738b^\u5c0f\u4e1c=";
        SpecificCharacterSet cs = SpecificCharacterSet.of("GB18030");
        assertEquals(name, cs.decode(bytes, VR.PN));
        assertArrayEquals(bytes, cs.encode(name, VR.PN));
    }

    @Test
    void gb18030FourByteSequences() {
        SpecificCharacterSet cs = SpecificCharacterSet.of("GB18030");
        String text = "\ud840\udc00";
        assertEquals(text, cs.decode(hex("95 32 82 36"), VR.LO));
        assertArrayEquals(hex("95 32 82 36"), cs.encode(text, VR.LO));
    }

    @Test
    void gbkTrailBytesThatLookLikeDelimitersDoNotSplitValues() {
        // 0x81 0x5C is one character in GBK; the second 0x5C is the value delimiter.
        SpecificCharacterSet cs = SpecificCharacterSet.of("GBK");
        assertEquals("\u4e57\\A", cs.decode(hex("81 5c 5c 41"), VR.LO));
        assertArrayEquals(hex("81 5c 5c 41"), cs.encode("\u4e57\\A", VR.LO));
    }

    @Test
    void furtherValuesAfterUtf8AreIgnored() {
        SpecificCharacterSet cs = SpecificCharacterSet.of("ISO_IR 192", "ISO 2022 IR 87");
        assertEquals("\u5c71", cs.decode(hex("e5 b1 b1"), VR.PN));
    }

    // --- VRs that do not depend on the character set ---

    @Test
    void otherVrsAreReadAndWrittenAsLatin1WhateverTheSet() {
        SpecificCharacterSet cs = SpecificCharacterSet.of("", "ISO 2022 IR 87");
        byte[] bytes = hex("1b 24 42 5c e9");
        assertEquals("\u001b$B\\\u00e9", cs.decode(bytes, VR.CS));
        assertArrayEquals(bytes, cs.encode("\u001b$B\\\u00e9", VR.CS));
        assertEquals("1.2.840.10008.1.2", SpecificCharacterSet.UTF_8.decode(hex("31 2e 32 2e 38 34 30 2e 31 30 30 30 38 2e 31 2e 32"), VR.UI));
        assertEquals("\u00e9", SpecificCharacterSet.UTF_8.decode(hex("e9"), VR.DA));
    }

    @Test
    void decodesASliceOfALargerBuffer() {
        byte[] buffer = hex("ff ff b8 d2 ff");
        assertEquals("\u0418\u0432", SpecificCharacterSet.of("ISO_IR 144").decode(buffer, 2, 2, VR.SH));
        assertThrows(IndexOutOfBoundsException.class,
                () -> SpecificCharacterSet.of("ISO_IR 144").decode(buffer, 4, 2, VR.SH));
    }
}
