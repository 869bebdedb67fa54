package io.sagitta.core.charset;

import static io.sagitta.core.charset.Bytes.ascii;
import static io.sagitta.core.charset.Bytes.concat;
import static io.sagitta.core.charset.Bytes.hex;
import static io.sagitta.core.charset.Bytes.toHex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sagitta.core.data.VR;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * ISO 2022 code extensions. The byte strings of the nested "Annex" classes are the encoded
 * representations printed in PS3.5 Annexes H (Japanese), I (Korean) and K (Chinese), turned from
 * column/row notation into hex; encoding must give exactly them, and decoding must read them back.
 */
class SpecificCharacterSetIso2022Test {

    private static void assertEncodes(String expectedHex, SpecificCharacterSet cs, String text, VR vr) {
        assertEquals(expectedHex, toHex(cs.encode(text, vr)));
    }

    private static void assertRoundTrip(SpecificCharacterSet cs, String text, String bytesHex, VR vr) {
        assertEquals(text, cs.decode(hex(bytesHex), vr));
        assertEncodes(bytesHex, cs, text, vr);
    }

    @Nested
    class AnnexH {

        @Test
        void exampleH31ValueOneAbsentMeansAscii() {
            SpecificCharacterSet cs = SpecificCharacterSet.of("", "ISO 2022 IR 87");
            assertRoundTrip(cs, "Yamada^Tarou=山田^太郎=やまだ^たろう",
                    "59 61 6d 61 64 61 5e 54 61 72 6f 75 3d"
                            + " 1b 24 42 3b 33 45 44 1b 28 42 5e 1b 24 42 42 40 4f 3a 1b 28 42 3d"
                            + " 1b 24 42 24 64 24 5e 24 40 1b 28 42 5e 1b 24 42 24 3f 24 6d 24 26 1b 28 42",
                    VR.PN);
        }

        @Test
        void exampleH32ValueOneIsJisX0201() {
            SpecificCharacterSet cs = SpecificCharacterSet.of("ISO 2022 IR 13", "ISO 2022 IR 87");
            assertRoundTrip(cs, "ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう",
                    "d4 cf c0 de 5e c0 db b3 3d"
                            + " 1b 24 42 3b 33 45 44 1b 28 4a 5e 1b 24 42 42 40 4f 3a 1b 28 4a 3d"
                            + " 1b 24 42 24 64 24 5e 24 40 1b 28 4a 5e 1b 24 42 24 3f 24 6d 24 26 1b 28 4a",
                    VR.PN);
        }
    }

    @Nested
    class AnnexI {

        @Test
        void exampleI2KoreanPersonName() {
            SpecificCharacterSet cs = SpecificCharacterSet.of("", "ISO 2022 IR 149");
            assertRoundTrip(cs, "Hong^Gildong=洪^吉洞=홍^길동",
                    "48 6f 6e 67 5e 47 69 6c 64 6f 6e 67 3d 1b 24 29 43 fb f3 5e 1b 24 29 43 d1 ce d4 d7"
                            + " 3d 1b 24 29 43 c8 ab 5e 1b 24 29 43 b1 e6 b5 bf",
                    VR.PN);
        }

        @Test
        void exampleI3KoreanLongTextWithTheEscapeAtTheHeadOfEachLine() {
            SpecificCharacterSet cs = SpecificCharacterSet.of("", "ISO 2022 IR 149");
            byte[] hangul = hex("c7 d1 b1 db");
            byte[] escape = hex("1b 24 29 43");
            byte[] asPrinted = concat(
                    escape, ascii("The first line includes "), hangul, ascii(".\r\n"),
                    escape, ascii("The second line includes "), hangul, ascii(", too.\r\n"),
                    ascii("The third line"));
            String text = "The first line includes 한글.\r\nThe second line includes 한글, too.\r\nThe third line";
            assertEquals(text, cs.decode(asPrinted, VR.LT));

            // Written, the escape comes just before the first character that needs it (as in K.3).
            byte[] written = concat(
                    ascii("The first line includes "), escape, hangul, ascii(".\r\n"),
                    ascii("The second line includes "), escape, hangul, ascii(", too.\r\n"),
                    ascii("The third line"));
            assertEquals(toHex(written), toHex(cs.encode(text, VR.LT)));
        }
    }

    @Nested
    class AnnexK {

        @Test
        void exampleK2ChinesePersonNameInGb2312() {
            SpecificCharacterSet cs = SpecificCharacterSet.of("", "ISO 2022 IR 58");
            String printed = "5a 68 61 6e 67 5e 58 69 61 6f 44 6f 6e 67 3d 1b 24 29 41 d5 c5 5e 1b 24 29 41 d0 a1 b6 ab 3d";
            // The printed value ends with its padding space; decode keeps it, encode adds none.
            assertEquals("Zhang^XiaoDong=张^小东= ", cs.decode(hex(printed + " 20"), VR.PN));
            assertEncodes(printed, cs, "Zhang^XiaoDong=张^小东=", VR.PN);
        }

        @Test
        void exampleK3ChineseLongTextInGb2312() {
            SpecificCharacterSet cs = SpecificCharacterSet.of("", "ISO 2022 IR 58");
            String text = "1.第一行文字。\r\n2.第二行文字。\r\n3.第三行文字。\r\n";
            assertRoundTrip(cs, text,
                    "31 2e 1b 24 29 41 b5 da d2 bb d0 d0 ce c4 d7 d6 a1 a3 0d 0a"
                            + " 32 2e 1b 24 29 41 b5 da b6 fe d0 d0 ce c4 d7 d6 a1 a3 0d 0a"
                            + " 33 2e 1b 24 29 41 b5 da c8 fd d0 d0 ce c4 d7 d6 a1 a3 0d 0a",
                    VR.LT);
        }

        @Test
        void earlierEditionOfK3ReturnedToAsciiBeforeEachLineEnd() {
            SpecificCharacterSet cs = SpecificCharacterSet.of("", "ISO 2022 IR 58");
            byte[] bytes = hex("31 2e 1b 24 29 41 b5 da d2 bb d0 d0 ce c4 d7 d6 a1 a3 1b 28 42 0d 0a"
                    + " 32 2e 1b 24 29 41 b5 da b6 fe d0 d0 ce c4 d7 d6 a1 a3 1b 28 42 0d 0a 20");
            assertEquals("1.第一行文字。\r\n2.第二行文字。\r\n ", cs.decode(bytes, VR.LT));
        }
    }

    @Nested
    class Japanese {

        private final SpecificCharacterSet kanji = SpecificCharacterSet.of("", "ISO 2022 IR 87");

        @Test
        void kanjiWhoseSecondByteIsADelimiterStayWhole() {
            // 移 = 30/5C, 緯 = 30/5E, 綾 = 30/3D in JIS X 0208: backslash, caret and equals in ASCII.
            assertRoundTrip(kanji, "移緯綾", "1b 24 42 30 5c 30 5e 30 3d 1b 28 42", VR.PN);
        }

        @Test
        void severalValuesEachReturnToAscii() {
            assertRoundTrip(kanji, "山田\\移緯綾",
                    "1b 24 42 3b 33 45 44 1b 28 42 5c 1b 24 42 30 5c 30 5e 30 3d 1b 28 42", VR.LO);
        }

        @Test
        void backslashRestoresTheInitialStateInTextVrsToo() {
            assertRoundTrip(kanji, "山\\田", "1b 24 42 3b 33 1b 28 42 5c 1b 24 42 45 44 1b 28 42", VR.LT);
        }

        @Test
        void lineBreaksRestoreTheInitialState() {
            assertRoundTrip(kanji, "山\r\n田", "1b 24 42 3b 33 1b 28 42 0d 0a 1b 24 42 45 44 1b 28 42", VR.LT);
            // A writer that forgot the escape before CR LF: the control character resets G0 anyway.
            assertEquals("山\r\nED", kanji.decode(hex("1b 24 42 3b 33 0d 0a 45 44"), VR.LT));
        }

        @Test
        void spacesBetweenKanjiAreWrittenInAscii() {
            assertRoundTrip(kanji, "山田 太郎", "1b 24 42 3b 33 45 44 1b 28 42 20 1b 24 42 42 40 4f 3a 1b 28 42", VR.LO);
        }

        @Test
        void supplementaryKanjiOfJisX0212() {
            // 丂 is 30/21 in JIS X 0212 and absent from JIS X 0208.
            SpecificCharacterSet cs = SpecificCharacterSet.of("", "ISO 2022 IR 87", "ISO 2022 IR 159");
            assertRoundTrip(cs, "山丂", "1b 24 42 3b 33 1b 24 28 44 30 21 1b 28 42", VR.LO);
            assertTrue(cs.canEncode("山丂"));
            assertFalse(kanji.canEncode("丂"));
        }

        @Test
        void jisC6226Of1978IsReadAsJisX0208() {
            assertEquals("山田", kanji.decode(hex("1b 24 40 3b 33 45 44 1b 28 42"), VR.PN));
        }

        @Test
        void revisionAnnouncerIsSkipped() {
            assertEquals("山", kanji.decode(hex("1b 26 40 1b 24 42 3b 33 1b 28 42"), VR.PN));
        }

        @Test
        void charactersNoListedSetHoldsBecomeQuestionMarks() {
            assertEncodes("1b 24 42 3b 33 1b 28 42 3f", kanji, "山€", VR.LO);
            assertFalse(kanji.canEncode("山€"));
            assertTrue(kanji.canEncode("Yamada^Tarou=山田^太郎=やまだ^たろう"));
        }
    }

    @Nested
    class JisX0201 {

        private final SpecificCharacterSet katakana = SpecificCharacterSet.of("ISO_IR 13");

        @Test
        void katakanaInG1AndDelimitersInG0() {
            assertFalse(katakana.isIso2022());
            assertRoundTrip(katakana, "ｱｲｳ\\ABC", "b1 b2 b3 5c 41 42 43", VR.LO);
        }

        @Test
        void yenSignAndOverlineInTextVrs() {
            // PS3.5 H.1.1: in JIS X 0201 romaji 05/12 is YEN SIGN and 07/14 OVERLINE.
            assertRoundTrip(katakana, "¥100‾", "5c 31 30 30 7e", VR.LT);
        }

        @Test
        void theYenSignCannotBeWrittenWhere0512SeparatesValues() {
            assertEncodes("41 3f 42", katakana, "A¥B", VR.LO);
            assertFalse(katakana.canEncode("~"));
            assertTrue(katakana.canEncode("ｱｲｳ ABC\\DEF"));
        }

        @Test
        void katakanaDesignatedIntoG0IsRead() {
            SpecificCharacterSet cs = SpecificCharacterSet.of("", "ISO 2022 IR 13");
            assertEquals("ｱｲA", cs.decode(hex("1b 28 49 31 32 1b 28 42 41"), VR.LO));
        }
    }

    @Nested
    class SingleByteSets {

        @Test
        void russianNameWithCodeExtensions() {
            SpecificCharacterSet cs = SpecificCharacterSet.of("", "ISO 2022 IR 144");
            assertRoundTrip(cs, "Иванов^Пётр", "1b 2d 4c b8 d2 d0 dd de d2 5e 1b 2d 4c bf f1 e2 e0", VR.PN);
        }

        @Test
        void polishNameWithCodeExtensions() {
            SpecificCharacterSet cs = SpecificCharacterSet.of("", "ISO 2022 IR 101");
            assertRoundTrip(cs, "Łukasz^Żółć", "1b 2d 42 a3 75 6b 61 73 7a 5e 1b 2d 42 af f3 b3 e6", VR.PN);
        }

        @Test
        void valueOneInG1NeedsNoEscapeAndIsReturnedToBeforeDelimiters() {
            SpecificCharacterSet cs = SpecificCharacterSet.of("ISO 2022 IR 100", "ISO 2022 IR 144");
            assertRoundTrip(cs, "Müller^Hans=Мюллер^Ганс",
                    "4d fc 6c 6c 65 72 5e 48 61 6e 73 3d 1b 2d 4c bc ee db db d5 e0 1b 2d 41 5e"
                            + " 1b 2d 4c b3 d0 dd e1 1b 2d 41",
                    VR.PN);
        }

        @Test
        void aDelimiterRestoresValueOneInG1EvenWithoutAnEscape() {
            SpecificCharacterSet cs = SpecificCharacterSet.of("ISO 2022 IR 100", "ISO 2022 IR 144");
            assertEquals("М^¼", cs.decode(hex("1b 2d 4c bc 5e bc"), VR.PN));
            // Outside PN the caret is text, and the Cyrillic set stays.
            assertEquals("М^М", cs.decode(hex("1b 2d 4c bc 5e bc"), VR.LO));
        }

        @Test
        void aLoneIso2022TermWritesNoEscapes() {
            SpecificCharacterSet cs = SpecificCharacterSet.of("ISO 2022 IR 100");
            assertRoundTrip(cs, "Müller^José", "4d fc 6c 6c 65 72 5e 4a 6f 73 e9", VR.PN);
        }

        @Test
        void thePlainFormOfATermAmongSeveralValuesIsTakenAsItsIso2022Form() {
            SpecificCharacterSet cs = SpecificCharacterSet.of("ISO_IR 100", "ISO_IR 144");
            assertTrue(cs.isIso2022());
            assertEquals("Müller=Мюллер", cs.decode(hex("4d fc 6c 6c 65 72 3d 1b 2d 4c bc ee db db d5 e0"), VR.PN));
        }

        @ParameterizedTest
        @CsvSource({
            "ISO 2022 IR 109, Ĥ, 1b 2d 43 a6",
            "ISO 2022 IR 110, Ā, 1b 2d 44 c0",
            "ISO 2022 IR 127, م, 1b 2d 47 e5",
            "ISO 2022 IR 126, Ε, 1b 2d 46 c5",
            "ISO 2022 IR 138, ע, 1b 2d 48 f2",
            "ISO 2022 IR 148, İ, 1b 2d 4d dd",
            "ISO 2022 IR 203, €, 1b 2d 62 a4",
            "ISO 2022 IR 166, ก, 1b 2d 54 a1",
            "ISO 2022 IR 13, ｱ, 1b 29 49 b1",
        })
        void eachSingleByteSetHasItsG1Escape(String term, String text, String bytes) {
            assertRoundTrip(SpecificCharacterSet.of("", term), text, bytes, VR.LO);
        }
    }

    @Nested
    class Leniency {

        private final SpecificCharacterSet korean = SpecificCharacterSet.of("", "ISO 2022 IR 149");
        private final SpecificCharacterSet kanji = SpecificCharacterSet.of("", "ISO 2022 IR 87");

        @Test
        void g1DesignatedOnceStaysForComponentsThatDoNotRepeatIt() {
            assertEquals("洪^吉洞", korean.decode(hex("1b 24 29 43 fb f3 5e d1 ce d4 d7"), VR.PN));
        }

        @Test
        void aLoneMultiByteTermInValueOneCountsAsDesignated() {
            SpecificCharacterSet cs = SpecificCharacterSet.of("ISO 2022 IR 149");
            assertEquals("Hong=洪", cs.decode(hex("48 6f 6e 67 3d fb f3"), VR.PN));
            assertEncodes("48 6f 6e 67 3d fb f3", cs, "Hong=洪", VR.PN);
        }

        @Test
        void aLoneDoubleByteG0TermLeavesAsciiAsTheInitialState() {
            SpecificCharacterSet cs = SpecificCharacterSet.of("ISO 2022 IR 87");
            assertRoundTrip(cs, "A山^B", "41 1b 24 42 3b 33 1b 28 42 5e 42", VR.PN);
        }

        @Test
        void highBytesWithNothingInG1ReadAsLatin1() {
            assertEquals("Jos\u00e9", kanji.decode(hex("4a 6f 73 e9"), VR.PN));
        }

        @ParameterizedTest
        @CsvSource({
            "41 1b,                      'A\ufffd'",
            "41 1b 24,                   'A\ufffd'",
            "41 1b 24 29,                'A\ufffd'",
            "1b 28 5a 41,                '\ufffdA'",
            "1b 2a 42 41,                '\ufffdA'",
            "1b 41 42,                   '\ufffdB'",
            "1b 80 41,                   '\ufffd\u0080A'",
            "1b 24 42 3b,                '\ufffd'",
            "1b 24 42 3b 0d 41,          '\ufffd\rA'",
            "1b 24 42 29 21 1b 28 42,    '\ufffd'",
            "1b 24 29 43 c7 41,          '\ufffdA'",
            "1b 24 29 43 c7,             '\ufffd'",
            "1b 24 29 43 a0 a1 ff,       '\ufffd\ufffd\ufffd'",
        })
        void malformedInputBecomesReplacementCharacters(String bytes, String expected) {
            SpecificCharacterSet cs = SpecificCharacterSet.of("", "ISO 2022 IR 87", "ISO 2022 IR 149");
            assertEquals(expected, cs.decode(hex(bytes), VR.PN));
        }
    }
}
