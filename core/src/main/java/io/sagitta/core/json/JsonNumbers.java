package io.sagitta.core.json;

import io.sagitta.core.data.ByteOrder;
import io.sagitta.core.data.VR;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;

/**
 * Numbers between DICOM and JSON, both ways. DS and IS are text in DICOM and go through
 * {@link BigDecimal}/{@link BigInteger} so that nothing is rounded by a detour through double;
 * binary numbers are range-checked against their VR before a byte is written.
 */
final class JsonNumbers {

    /** The largest integer a JSON consumer holding doubles keeps exact (Number.MAX_SAFE_INTEGER). */
    static final long MAX_SAFE_INTEGER = (1L << 53) - 1;

    private static final BigInteger UV_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    private static final int DS_MAX_CHARS = 16;
    /** Enough for any 64-bit integer; more is taken as a hostile or broken number. */
    private static final int MAX_INTEGER_DIGITS = 20;

    private JsonNumbers() {
    }

    // ---------------------------------------------------------------- DICOM -> JSON

    /**
     * A DS value as a canonical JSON number ("1.50" gives 1.5, "+.5" gives 0.5, "1e3" gives 1000),
     * or null when the text is not a decimal number at all (then the caller writes it as a string,
     * which F.2.3 allows for DS and which keeps the document valid JSON).
     */
    static String fromDecimalString(String ds) {
        String plain = plainDecimal(ds);
        return plain != null ? plain : viaBigDecimal(ds);
    }

    /** {@link #fromDecimalString} the general way, for any DS syntax. */
    static String viaBigDecimal(String ds) {
        BigDecimal value = parseDecimal(ds);
        // 1e999999 is DS syntax but no double; as a string it survives, as a number no reader takes it.
        return value == null || !Double.isFinite(value.doubleValue()) ? null : canonical(value);
    }

    /**
     * The usual DS value ("-12.50", ".5", "3") in its canonical form without a BigDecimal, which cost a
     * third of the metadata's JSON for a CT image; null for anything else (an exponent, many digits, a
     * value that {@link #canonical} writes in scientific notation), which then takes the general way.
     */
    private static String plainDecimal(String ds) {
        int n = ds.length();
        if (n == 0 || n > 2 * DS_MAX_CHARS) {
            return null;
        }
        int i = ds.charAt(0) == '+' || ds.charAt(0) == '-' ? 1 : 0;
        boolean negative = i == 1 && ds.charAt(0) == '-';
        int intStart = i;
        while (i < n && isDigit(ds.charAt(i))) {
            i++;
        }
        int intEnd = i;
        int fracStart = i;
        if (i < n && ds.charAt(i) == '.') {
            fracStart = ++i;
            while (i < n && isDigit(ds.charAt(i))) {
                i++;
            }
        }
        int fracEnd = i;
        if (i != n || (intEnd == intStart && fracEnd == fracStart)) {
            return null;
        }
        while (intStart < intEnd && ds.charAt(intStart) == '0') {
            intStart++;
        }
        while (fracEnd > fracStart && ds.charAt(fracEnd - 1) == '0') {
            fracEnd--;
        }
        if (intStart == intEnd && fracStart == fracEnd) {
            return "0"; // zero, whatever its sign
        }
        if (intEnd - intStart > DS_MAX_CHARS) {
            return null;
        }
        if (intStart == intEnd) {
            int zeros = 0;
            while (ds.charAt(fracStart + zeros) == '0') {
                zeros++;
            }
            if (zeros >= 6) {
                return null; // 1E-7 and smaller: canonical writes them in scientific notation
            }
        }
        StringBuilder out = new StringBuilder(n + 1);
        if (negative) {
            out.append('-');
        }
        if (intStart == intEnd) {
            out.append('0');
        } else {
            out.append(ds, intStart, intEnd);
        }
        if (fracEnd > fracStart) {
            out.append('.').append(ds, fracStart, fracEnd);
        }
        return out.toString();
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /**
     * An IS value as a JSON integer (leading zeros and '+' dropped, kept exact however far beyond
     * 32 bits), or null when it is not an integer or has more digits than {@link #toIntegerString} takes back.
     */
    static String fromIntegerString(String is) {
        int start = is.startsWith("+") || is.startsWith("-") ? 1 : 0;
        if (start == is.length() || is.length() - start > MAX_INTEGER_DIGITS) {
            return null;
        }
        for (int i = start; i < is.length(); i++) {
            char c = is.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
        }
        // Up to 18 digits fit a long, the usual case; only longer ones need a BigInteger.
        return is.length() - start <= 18 ? Long.toString(Long.parseLong(is))
            : new BigInteger(is.substring(is.startsWith("+") ? 1 : 0)).toString();
    }

    /** FL as the shortest text that reads back to the same float, or null for NaN and infinities, which JSON cannot express. */
    static String fromFloat(float f) {
        if (!Float.isFinite(f)) {
            return null;
        }
        // Integers below 2^24 are exact in a float; "3" reads better than "3.0".
        return f == Math.rint(f) && Math.abs(f) < 1e7f && !isNegativeZero(f) ? Long.toString((long) f) : Float.toString(f);
    }

    static String fromDouble(double d) {
        if (!Double.isFinite(d)) {
            return null;
        }
        return d == Math.rint(d) && Math.abs(d) < 1e15 && !isNegativeZero(d) ? Long.toString((long) d) : Double.toString(d);
    }

    private static boolean isNegativeZero(double d) {
        return d == 0 && Double.doubleToRawLongBits(d) != 0;
    }

    /**
     * Plain notation for ordinary magnitudes, scientific beyond them; both are valid JSON numbers
     * and valid DS text.
     */
    private static String canonical(BigDecimal value) {
        BigDecimal v = value.signum() == 0 ? BigDecimal.ZERO : value.stripTrailingZeros();
        int integerDigits = v.precision() - v.scale();
        if (v.scale() <= 0 && integerDigits <= DS_MAX_CHARS) {
            return v.toBigIntegerExact().toString();
        }
        if (v.scale() > 0 && integerDigits > -6) {
            return v.toPlainString();
        }
        return v.toString();
    }

    private static BigDecimal parseDecimal(String text) {
        // BigDecimal's syntax is DS's ([+-] digits [. digits] [e [+-] digits], either side of the point
        // may be empty); it rejects NaN, Infinity, hex and spaces, which must not become JSON numbers.
        if (text.isEmpty() || text.length() > JsonTokenizer.MAX_NUMBER_LENGTH) {
            return null;
        }
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    // ---------------------------------------------------------------- JSON -> DICOM

    /** DS text for a JSON number: kept as written when it fits the 16 characters of DS, else rounded until it does. */
    static String toDecimalString(String json) {
        BigDecimal value = parseDecimal(json);
        if (value == null || !Double.isFinite(value.doubleValue())) {
            throw new DicomJsonException("DS value out of range: " + abbreviate(json));
        }
        if (json.length() <= DS_MAX_CHARS) {
            return json;
        }
        for (int digits = DS_MAX_CHARS; digits > 0; digits--) {
            BigDecimal rounded = value.round(new MathContext(digits));
            String text = canonical(rounded);
            if (text.length() > DS_MAX_CHARS) {
                text = rounded.stripTrailingZeros().toString(); // scientific: 1E+20 rather than 21 digits
            }
            if (text.length() <= DS_MAX_CHARS) {
                return text;
            }
        }
        throw new DicomJsonException("DS value cannot be written in 16 characters: " + abbreviate(json));
    }

    /**
     * IS text for a JSON number, which must be an integer. Values beyond the 12 characters of IS
     * are kept (up to 20 digits) rather than refused, so that what the writer wrote reads back.
     */
    static String toIntegerString(String json) {
        return integer(json, "IS").toString();
    }

    /**
     * Writes one value of a binary number VR (US, SS, UL, SL, SV, UV, FL, FD) at {@code offset}.
     * {@code text} is a JSON number or, as F.2.3 allows for SV and UV, a string; null stands for
     * an empty value, which only FL and FD can hold (as NaN, see {@link DicomJsonWriter}).
     */
    static void putBinary(byte[] out, int offset, VR vr, String text) {
        if (vr == VR.FL || vr == VR.FD) {
            double d;
            if (text == null) {
                d = Double.NaN;
            } else {
                BigDecimal value = parseDecimal(text.trim());
                if (value == null) {
                    throw new DicomJsonException(vr + " value is not a number: " + abbreviate(text));
                }
                d = vr == VR.FL ? Float.parseFloat(text.trim()) : Double.parseDouble(text.trim());
                if (Double.isInfinite(d)) {
                    throw new DicomJsonException(vr + " value out of range: " + abbreviate(text));
                }
            }
            long bits = vr == VR.FL ? Float.floatToRawIntBits((float) d) : Double.doubleToRawLongBits(d);
            ByteOrder.putLE(out, offset, vr.unitSize(), bits);
            return;
        }
        if (text == null) {
            throw new DicomJsonException(vr + " values cannot be null");
        }
        BigInteger value = integer(text.trim(), vr.name());
        BigInteger min;
        BigInteger max;
        switch (vr) {
            case US: min = BigInteger.ZERO; max = BigInteger.valueOf(0xFFFF); break;
            case SS: min = BigInteger.valueOf(Short.MIN_VALUE); max = BigInteger.valueOf(Short.MAX_VALUE); break;
            case UL: min = BigInteger.ZERO; max = BigInteger.valueOf(0xFFFFFFFFL); break;
            case SL: min = BigInteger.valueOf(Integer.MIN_VALUE); max = BigInteger.valueOf(Integer.MAX_VALUE); break;
            case SV: min = BigInteger.valueOf(Long.MIN_VALUE); max = BigInteger.valueOf(Long.MAX_VALUE); break;
            case UV: min = BigInteger.ZERO; max = UV_MAX; break;
            default: throw new IllegalArgumentException("not a binary number VR: " + vr);
        }
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new DicomJsonException(vr + " value out of range: " + abbreviate(text));
        }
        ByteOrder.putLE(out, offset, vr.unitSize(), value.longValue());
    }

    private static BigInteger integer(String text, String vr) {
        BigDecimal value = parseDecimal(text);
        if (value == null) {
            throw new DicomJsonException(vr + " value is not a number: " + abbreviate(text));
        }
        if (value.signum() == 0) {
            return BigInteger.ZERO;
        }
        BigDecimal v = value.stripTrailingZeros();
        if (v.scale() > 0) {
            throw new DicomJsonException(vr + " value is not an integer: " + abbreviate(text));
        }
        // Checked before toBigIntegerExact so that 1e999999999 cannot allocate a billion digits.
        if (v.precision() - v.scale() > MAX_INTEGER_DIGITS) {
            throw new DicomJsonException(vr + " value out of range: " + abbreviate(text));
        }
        return v.toBigIntegerExact();
    }

    static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
