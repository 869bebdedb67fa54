package io.sagitta.core.charset;

import static io.sagitta.core.charset.Bytes.toHex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sagitta.core.data.VR;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Properties over many generated inputs, with fixed seeds so a failure repeats: decoding any bytes
 * never throws, and text the set can encode comes back unchanged (decode, encode, decode).
 */
class SpecificCharacterSetRoundTripTest {

    private static final VR[] VRS = {VR.PN, VR.LO, VR.SH, VR.LT, VR.UT, VR.UC, VR.CS, null};

    /** Sets, and characters to build text from (ASCII is always added). */
    static Stream<Arguments> sets() {
        return Stream.of(
                Arguments.of(new String[0], ""),
                Arguments.of(new String[] {"ISO_IR 100"}, "ÄÖÜäöüßéèçñ"),
                Arguments.of(new String[] {"ISO_IR 101"}, "ŁłŻżÓóĆćŚśŹźĄąĘę"),
                Arguments.of(new String[] {"ISO_IR 144"}, "ИвановПётрЖжЩщЁё"),
                Arguments.of(new String[] {"ISO_IR 126"}, "ΑλφαΒήταΩω"),
                Arguments.of(new String[] {"ISO_IR 166"}, "กขคภาษาไทย"),
                Arguments.of(new String[] {"ISO_IR 13"}, "ｱｲｳｴｵﾔﾏﾀﾞﾛ‾"),
                Arguments.of(new String[] {"ISO_IR 192"}, "山田洪홍Łи€\ud840\udc00"),
                Arguments.of(new String[] {"GB18030"}, "张小东王東€\ud840\udc00"),
                Arguments.of(new String[] {"GBK"}, "张小东王東乗俓"),
                Arguments.of(new String[] {"", "ISO 2022 IR 87"}, "山田太郎やまだたろう移緯綾　"),
                Arguments.of(new String[] {"ISO 2022 IR 13", "ISO 2022 IR 87"}, "ﾔﾏﾀﾞ山田やまだ移緯綾"),
                Arguments.of(new String[] {"", "ISO 2022 IR 87", "ISO 2022 IR 159"}, "山田丂やまだ"),
                Arguments.of(new String[] {"", "ISO 2022 IR 149"}, "洪吉洞홍길동한글"),
                Arguments.of(new String[] {"", "ISO 2022 IR 58"}, "张小东第一行文字。"),
                Arguments.of(new String[] {"ISO 2022 IR 100", "ISO 2022 IR 144", "ISO 2022 IR 126"}, "üéИвΑλ"),
                Arguments.of(new String[] {"", "ISO 2022 IR 101", "ISO 2022 IR 149", "ISO 2022 IR 87"}, "Łż洪홍山やま"));
    }

    @ParameterizedTest
    @MethodSource("sets")
    void encodableTextComesBackUnchanged(String[] terms, String extraChars) {
        SpecificCharacterSet cs = SpecificCharacterSet.of(terms);
        Random random = new Random(terms.length * 31L + extraChars.hashCode());
        int[] alphabet = (extraChars + "AZaz09 .,-'()^=\\\r\n\t").codePoints().toArray();
        for (int round = 0; round < 500; round++) {
            VR vr = VRS[random.nextInt(VRS.length)];
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(24);
            for (int i = 0; i < length; i++) {
                int cp = alphabet[random.nextInt(alphabet.length)];
                if (cp == '\\' && (vr == VR.LT || vr == VR.UT) && cs.terms().length > 0
                        && cs.terms()[0].endsWith("13")) {
                    continue; // JIS X 0201 romaji holds no backslash; only the value delimiter is 05/12
                }
                text.appendCodePoint(cp);
            }
            String s = text.toString();
            if (vr != null && !vr.isCharsetDependent()) {
                continue; // those VRs are ISO-8859-1 whatever the set, checked elsewhere
            }
            assertTrue(cs.canEncode(s), () -> cs + " should encode " + s);
            byte[] encoded = cs.encode(s, vr);
            assertEquals(s, cs.decode(encoded, vr), () -> cs + " " + vr + " " + toHex(encoded));
            assertArrayEquals(encoded, cs.encode(cs.decode(encoded, vr), vr));
        }
    }

    @ParameterizedTest
    @MethodSource("sets")
    void anyBytesDecodeWithoutThrowingAndReencodeStably(String[] terms, String ignored) {
        SpecificCharacterSet cs = SpecificCharacterSet.of(terms);
        Random random = new Random(terms.length * 131L + String.join("/", terms).hashCode());
        // Bytes that matter to ISO 2022 come up more often than chance would bring them.
        int[] interesting = {0x1B, '$', '(', ')', '-', 'B', 'J', 'I', 'C', 'A', 'D', '@', '&', '\\', '^', '=',
            '\r', '\n', 0x20, 0x7F, 0x80, 0xA0, 0xA1, 0xFE, 0xFF, 0x21, 0x7E, 0x8F};
        for (int round = 0; round < 2000; round++) {
            byte[] bytes = new byte[random.nextInt(40)];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) (random.nextBoolean()
                        ? interesting[random.nextInt(interesting.length)]
                        : random.nextInt(256));
            }
            for (VR vr : VRS) {
                String text = cs.decode(bytes, vr);
                if (cs.canEncode(text)) {
                    byte[] again = cs.encode(text, vr);
                    assertEquals(text, cs.decode(again, vr), () -> cs + " " + vr + " " + toHex(bytes));
                } else {
                    cs.encode(text, vr); // must not throw either
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("sets")
    void slicesDecodeLikeCopies(String[] terms, String extraChars) {
        SpecificCharacterSet cs = SpecificCharacterSet.of(terms);
        byte[] value = cs.encode("A" + extraChars + "^B", VR.PN);
        byte[] framed = new byte[value.length + 6];
        System.arraycopy(value, 0, framed, 3, value.length);
        assertEquals(cs.decode(value, VR.PN), cs.decode(framed, 3, value.length, VR.PN));
    }
}
