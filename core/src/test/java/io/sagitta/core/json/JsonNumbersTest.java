package io.sagitta.core.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** DS and IS text as JSON numbers: the usual values' quick way gives what the general way gives. */
class JsonNumbersTest {

    @Test
    void decimalStringsInCanonicalForm() {
        assertEquals("1.5", JsonNumbers.fromDecimalString("1.50"));
        assertEquals("0.5", JsonNumbers.fromDecimalString("+.5"));
        assertEquals("-0.5", JsonNumbers.fromDecimalString("-.50"));
        assertEquals("5", JsonNumbers.fromDecimalString("5."));
        assertEquals("1000", JsonNumbers.fromDecimalString("1e3"));
        assertEquals("7", JsonNumbers.fromDecimalString("007.000"));
        assertEquals("0", JsonNumbers.fromDecimalString("-0.00"));
        assertEquals("-120.25", JsonNumbers.fromDecimalString("-0120.250"));
        assertEquals("0.000001", JsonNumbers.fromDecimalString("0.0000010"));
        assertEquals("1E-7", JsonNumbers.fromDecimalString("0.0000001"));
        assertEquals("12345678901234567", JsonNumbers.fromDecimalString("12345678901234567"));
        assertEquals("1E+20", JsonNumbers.fromDecimalString("100000000000000000000"));
        assertNull(JsonNumbers.fromDecimalString("."));
        assertNull(JsonNumbers.fromDecimalString("-"));
        assertNull(JsonNumbers.fromDecimalString(""));
        assertNull(JsonNumbers.fromDecimalString("1.2.3"));
        assertNull(JsonNumbers.fromDecimalString(" 1"));
        assertNull(JsonNumbers.fromDecimalString("NaN"));
        assertNull(JsonNumbers.fromDecimalString("1e999999"));
    }

    @Test
    void theQuickWayAgreesWithTheGeneralWay() {
        Random random = new Random(3);
        String alphabet = "0000000123456789..+-eE ";
        for (int round = 0; round < 200_000; round++) {
            StringBuilder text = new StringBuilder();
            if (random.nextInt(3) == 0) {
                text.append(random.nextBoolean() ? '-' : '+');
            }
            int length = random.nextInt(24);
            for (int k = 0; k < length; k++) {
                // mostly digits and one point, so that most texts are numbers
                int pick = random.nextInt(10) < 8 ? random.nextInt(16) : random.nextInt(alphabet.length());
                text.append(alphabet.charAt(pick));
            }
            String ds = text.toString();
            assertEquals(JsonNumbers.viaBigDecimal(ds), JsonNumbers.fromDecimalString(ds), ds);
        }
    }

    @Test
    void integerStrings() {
        assertEquals("7", JsonNumbers.fromIntegerString("+007"));
        assertEquals("0", JsonNumbers.fromIntegerString("-0"));
        assertEquals("-42", JsonNumbers.fromIntegerString("-042"));
        assertEquals("123456789012345678", JsonNumbers.fromIntegerString("123456789012345678"));
        assertEquals("-999999999999999999", JsonNumbers.fromIntegerString("-999999999999999999"));
        assertEquals("9999999999999999999", JsonNumbers.fromIntegerString("9999999999999999999"));
        assertEquals(BigInteger.TEN.pow(19).negate().toString(), JsonNumbers.fromIntegerString("-10000000000000000000"));
        assertNull(JsonNumbers.fromIntegerString("123456789012345678901"));
        assertNull(JsonNumbers.fromIntegerString("+"));
        assertNull(JsonNumbers.fromIntegerString("1.0"));
    }
}
