package io.sagitta.core.data;

import io.sagitta.core.charset.SpecificCharacterSet;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Arrays;

/**
 * A DICOM dataset in memory: elements kept sorted by tag in parallel arrays, so that appending in
 * tag order (what a parser does) is cheap and lookups are a binary search.
 *
 * <p>Values are stored as they are encoded, little endian: {@code byte[]} for every non-sequence
 * element (text still in its character set, decoded on demand), {@link Sequence} for SQ,
 * {@link Fragments} for encapsulated Pixel Data, and {@link BulkData} for values that were not kept
 * in memory. Bulk values are normally not held here: the parser streams them elsewhere.
 *
 * <p>Not thread-safe; a dataset belongs to the one request or association that built it.
 */
public final class Dataset {

    private static final byte[] EMPTY = new byte[0];

    private Dataset parent;
    private int[] tags;
    private VR[] vrs;
    private Object[] values;
    private int size;
    /** Decoded (0008,0005) of this dataset, or null to ask the parent. */
    private SpecificCharacterSet charset;

    public Dataset() {
        this(null, 16);
    }

    public Dataset(int initialCapacity) {
        this(null, initialCapacity);
    }

    Dataset(Dataset parent, int initialCapacity) {
        this.parent = parent;
        int capacity = Math.max(initialCapacity, 1);
        this.tags = new int[capacity];
        this.vrs = new VR[capacity];
        this.values = new Object[capacity];
    }

    void setParent(Dataset parent) {
        this.parent = parent;
    }

    /** The dataset whose sequence holds this item, or null for a top-level dataset. */
    public Dataset parent() {
        return parent;
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** Tag of the element at {@code index} (elements are in ascending tag order). */
    public int tagAt(int index) {
        return tags[index];
    }

    public VR vrAt(int index) {
        return vrs[index];
    }

    /** The stored value at {@code index}: byte[], {@link Sequence}, {@link Fragments} or {@link BulkData}. */
    public Object valueAt(int index) {
        return values[index];
    }

    /** Index of the element with this tag, or a negative number if absent. */
    public int indexOf(int tag) {
        // Tags compare unsigned: (FFFE,...) and private groups above 8000 sort after 7FE0.
        if (size > 0 && Integer.compareUnsigned(tags[size - 1], tag) < 0) {
            return -(size + 1);
        }
        int low = 0;
        int high = size - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            int cmp = Integer.compareUnsigned(tags[mid], tag);
            if (cmp < 0) {
                low = mid + 1;
            } else if (cmp > 0) {
                high = mid - 1;
            } else {
                return mid;
            }
        }
        return -(low + 1);
    }

    public boolean contains(int tag) {
        return indexOf(tag) >= 0;
    }

    /** The VR of an element, or null if absent. */
    public VR vrOf(int tag) {
        int i = indexOf(tag);
        return i < 0 ? null : vrs[i];
    }

    /** The stored value of an element (see {@link #valueAt}), or null if absent. */
    public Object getValue(int tag) {
        int i = indexOf(tag);
        return i < 0 ? null : values[i];
    }

    // ---------------------------------------------------------------- setters

    /**
     * Sets an element to a stored value, replacing any element with that tag. This is how the
     * parser fills a dataset; typed setters below are for code that builds datasets.
     */
    public void setValue(int tag, VR vr, Object value) {
        if (vr == null) {
            throw new IllegalArgumentException("no VR for " + Tags.toString(tag));
        }
        if (!(value instanceof byte[] || value instanceof Sequence || value instanceof Fragments
            || value instanceof BulkData)) {
            throw new IllegalArgumentException("unsupported value type for " + Tags.toString(tag) + ": " + value);
        }
        int i = indexOf(tag);
        if (i >= 0) {
            vrs[i] = vr;
            values[i] = value;
        } else {
            insert(-(i + 1), tag, vr, value);
        }
        if (tag == Tag.SpecificCharacterSet) {
            charset = null;
        }
    }

    /**
     * Adds a byte value the way a parser meets elements: when {@code tag} sorts after every tag
     * here (always, for valid input) it is stored at the end without a search. Any other tag, a
     * repeated one included, goes through {@link #setValue}, so the dataset stays sorted whatever
     * the input.
     */
    public void append(int tag, VR vr, byte[] value) {
        if (vr == null || value == null || (size > 0 && Integer.compareUnsigned(tags[size - 1], tag) >= 0)) {
            setValue(tag, vr, value);
            return;
        }
        if (size == tags.length) {
            grow();
        }
        tags[size] = tag;
        vrs[size] = vr;
        values[size] = value;
        size++;
        // No cached character set to drop: one is cached only once this dataset has its own (0008,0005),
        // and appending that tag again goes through setValue.
    }

    public void setBytes(int tag, VR vr, byte[] value) {
        setValue(tag, vr, value == null ? EMPTY : value);
    }

    /** Sets a character value; several strings become a multi-valued element. Null means empty. */
    public void setString(int tag, VR vr, String... strings) {
        String joined = strings == null ? "" : String.join("\\", Arrays.stream(strings)
            .map(s -> s == null ? "" : s).toArray(String[]::new));
        byte[] bytes = vr.isCharsetDependent()
            ? charset().encode(joined, vr)
            : joined.getBytes(StandardCharsets.ISO_8859_1);
        setValue(tag, vr, pad(bytes, vr));
        if (tag == Tag.SpecificCharacterSet) {
            charset = null;
        }
    }

    /** Sets integers as binary (US, SS, UL, SL, SV, UV, AT) or as text (IS, DS). */
    public void setInt(int tag, VR vr, int... ints) {
        long[] longs = new long[ints.length];
        for (int i = 0; i < ints.length; i++) {
            longs[i] = ints[i];
        }
        setLong(tag, vr, longs);
    }

    public void setLong(int tag, VR vr, long... longs) {
        if (vr == VR.FL || vr == VR.FD || vr == VR.OF || vr == VR.OD) {
            setDouble(tag, vr, Arrays.stream(longs).asDoubleStream().toArray());
            return;
        }
        if (vr == VR.IS || vr == VR.DS) {
            String[] text = new String[longs.length];
            for (int i = 0; i < longs.length; i++) {
                text[i] = Long.toString(longs[i]);
            }
            setString(tag, vr, text);
            return;
        }
        int unit = vr == VR.AT ? 4 : vr.unitSize();
        if (!vr.isBinaryNumber() && vr != VR.OW && vr != VR.OL && vr != VR.OV) {
            throw new IllegalArgumentException("VR " + vr + " does not hold integers");
        }
        byte[] out = new byte[unit * longs.length];
        for (int i = 0; i < longs.length; i++) {
            long v = longs[i];
            if (vr == VR.AT) {
                // AT is two 16-bit numbers, group first.
                ByteOrder.putShortLE(out, i * 4, (int) (v >>> 16));
                ByteOrder.putShortLE(out, i * 4 + 2, (int) v);
            } else {
                ByteOrder.putLE(out, i * unit, unit, v);
            }
        }
        setValue(tag, vr, out);
    }

    /** Sets floating point numbers as binary (FL, FD, OF, OD) or as text (DS). */
    public void setDouble(int tag, VR vr, double... doubles) {
        if (vr == VR.DS) {
            String[] text = new String[doubles.length];
            for (int i = 0; i < doubles.length; i++) {
                text[i] = formatDecimal(doubles[i]);
            }
            setString(tag, vr, text);
            return;
        }
        boolean single = vr == VR.FL || vr == VR.OF;
        if (!single && vr != VR.FD && vr != VR.OD) {
            throw new IllegalArgumentException("VR " + vr + " does not hold floating point numbers");
        }
        int unit = single ? 4 : 8;
        byte[] out = new byte[unit * doubles.length];
        for (int i = 0; i < doubles.length; i++) {
            long bits = single ? Float.floatToIntBits((float) doubles[i]) : Double.doubleToLongBits(doubles[i]);
            ByteOrder.putLE(out, i * unit, unit, bits);
        }
        setValue(tag, vr, out);
    }

    /** Creates (or replaces) a sequence element and returns it, ready for {@link Sequence#addItem()}. */
    public Sequence newSequence(int tag, int initialCapacity) {
        Sequence seq = new Sequence(this, initialCapacity);
        setValue(tag, VR.SQ, seq);
        return seq;
    }

    public Sequence newSequence(int tag) {
        return newSequence(tag, 4);
    }

    public boolean remove(int tag) {
        int i = indexOf(tag);
        if (i < 0) {
            return false;
        }
        System.arraycopy(tags, i + 1, tags, i, size - i - 1);
        System.arraycopy(vrs, i + 1, vrs, i, size - i - 1);
        System.arraycopy(values, i + 1, values, i, size - i - 1);
        size--;
        values[size] = null;
        vrs[size] = null;
        if (tag == Tag.SpecificCharacterSet) {
            charset = null;
        }
        return true;
    }

    private void insert(int at, int tag, VR vr, Object value) {
        if (size == tags.length) {
            grow();
        }
        if (at < size) {
            System.arraycopy(tags, at, tags, at + 1, size - at);
            System.arraycopy(vrs, at, vrs, at + 1, size - at);
            System.arraycopy(values, at, values, at + 1, size - at);
        }
        tags[at] = tag;
        vrs[at] = vr;
        values[at] = value;
        size++;
    }

    /** Doubles the arrays: a parsed dataset is copied a few times at most, not once per few elements. */
    private void grow() {
        int capacity = tags.length * 2;
        tags = Arrays.copyOf(tags, capacity);
        vrs = Arrays.copyOf(vrs, capacity);
        values = Arrays.copyOf(values, capacity);
    }

    // ---------------------------------------------------------------- getters

    /** The Specific Character Set in force here: this dataset's (0008,0005), else its parent's, else the default. */
    public SpecificCharacterSet charset() {
        if (charset != null) {
            return charset;
        }
        int i = indexOf(Tag.SpecificCharacterSet);
        if (i >= 0 && values[i] instanceof byte[]) {
            // Only a dataset's own (0008,0005) is cached: an inherited set is asked of the parent
            // each time, so that changing the parent's set reaches items made earlier.
            charset = SpecificCharacterSet.of(splitValues(ascii((byte[]) values[i]), VR.CS));
            return charset;
        }
        return parent != null ? parent.charset() : SpecificCharacterSet.DEFAULT;
    }

    /** The raw value bytes (little endian), or null when absent or not a byte value. */
    public byte[] getBytes(int tag) {
        Object v = getValue(tag);
        return v instanceof byte[] ? (byte[]) v : null;
    }

    public Sequence getSequence(int tag) {
        Object v = getValue(tag);
        return v instanceof Sequence ? (Sequence) v : null;
    }

    public Fragments getFragments(int tag) {
        Object v = getValue(tag);
        return v instanceof Fragments ? (Fragments) v : null;
    }

    public BulkData getBulkData(int tag) {
        Object v = getValue(tag);
        return v instanceof BulkData ? (BulkData) v : null;
    }

    /** The whole value field decoded as text (all values with their backslashes), padding removed; null if absent. */
    public String getText(int tag) {
        int i = indexOf(tag);
        if (i < 0 || !(values[i] instanceof byte[])) {
            return null;
        }
        return decode((byte[]) values[i], vrs[i]);
    }

    /** The values of a character element, each trimmed as its VR says; an empty array if absent or empty. */
    public String[] getStrings(int tag) {
        int i = indexOf(tag);
        if (i < 0) {
            return new String[0];
        }
        VR vr = vrs[i];
        Object v = values[i];
        if (!(v instanceof byte[]) || ((byte[]) v).length == 0) {
            return new String[0];
        }
        if (vr.isBinaryNumber()) {
            return binaryAsStrings((byte[]) v, vr);
        }
        String text = decode((byte[]) v, vr);
        return vr.kind() == VR.Kind.TEXT ? new String[] {text} : splitValues(text, vr);
    }

    /** The first value of an element as text, or null if absent or empty. */
    public String getString(int tag) {
        return getString(tag, 0, null);
    }

    public String getString(int tag, String defaultValue) {
        return getString(tag, 0, defaultValue);
    }

    public String getString(int tag, int index, String defaultValue) {
        String[] all = getStrings(tag);
        return index < all.length && !all[index].isEmpty() ? all[index] : defaultValue;
    }

    /** The first value as an int, from binary (US, SS, UL, SL, ...) or text (IS, DS) values. */
    public int getInt(int tag, int defaultValue) {
        long v = getLong(tag, 0, Long.MIN_VALUE);
        return v == Long.MIN_VALUE ? defaultValue : (int) v;
    }

    public long getLong(int tag, long defaultValue) {
        return getLong(tag, 0, defaultValue);
    }

    public long getLong(int tag, int index, long defaultValue) {
        int i = indexOf(tag);
        if (i < 0 || !(values[i] instanceof byte[])) {
            return defaultValue;
        }
        VR vr = vrs[i];
        byte[] b = (byte[]) values[i];
        if (vr.isBinaryNumber() || vr == VR.OW || vr == VR.OL || vr == VR.OV) {
            if (vr == VR.FL || vr == VR.FD) {
                double d = getDouble(tag, index, Double.NaN);
                return Double.isNaN(d) ? defaultValue : (long) d;
            }
            int unit = vr == VR.AT ? 4 : vr.unitSize();
            if ((index + 1) * unit > b.length) {
                return defaultValue;
            }
            if (vr == VR.AT) {
                return (ByteOrder.getLE(b, index * 4, 2, false) << 16) | ByteOrder.getLE(b, index * 4 + 2, 2, false);
            }
            boolean signed = vr == VR.SS || vr == VR.SL || vr == VR.SV;
            return ByteOrder.getLE(b, index * unit, unit, signed);
        }
        String s = getString(tag, index, null);
        if (s == null) {
            return defaultValue;
        }
        try {
            return vr == VR.DS ? (long) Double.parseDouble(s) : Long.parseLong(s.startsWith("+") ? s.substring(1) : s);
        } catch (NumberFormatException e) {
            return defaultValue;
        }
    }

    /** All values as ints (binary or IS); unparsable text values are skipped. */
    public int[] getInts(int tag) {
        int n = valueCount(tag);
        int[] out = new int[n];
        int k = 0;
        for (int j = 0; j < n; j++) {
            long v = getLong(tag, j, Long.MIN_VALUE);
            if (v != Long.MIN_VALUE) {
                out[k++] = (int) v;
            }
        }
        return k == n ? out : Arrays.copyOf(out, k);
    }

    public double getDouble(int tag, double defaultValue) {
        return getDouble(tag, 0, defaultValue);
    }

    public double getDouble(int tag, int index, double defaultValue) {
        int i = indexOf(tag);
        if (i < 0 || !(values[i] instanceof byte[])) {
            return defaultValue;
        }
        VR vr = vrs[i];
        byte[] b = (byte[]) values[i];
        if (vr == VR.FL || vr == VR.OF) {
            return (index + 1) * 4 <= b.length
                ? Float.intBitsToFloat((int) ByteOrder.getLE(b, index * 4, 4, false)) : defaultValue;
        }
        if (vr == VR.FD || vr == VR.OD) {
            return (index + 1) * 8 <= b.length
                ? Double.longBitsToDouble(ByteOrder.getLE(b, index * 8, 8, false)) : defaultValue;
        }
        if (vr.isBinaryNumber()) {
            long v = getLong(tag, index, Long.MIN_VALUE);
            return v == Long.MIN_VALUE ? defaultValue : v;
        }
        String s = getString(tag, index, null);
        if (s == null) {
            return defaultValue;
        }
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return defaultValue;
        }
    }

    public double[] getDoubles(int tag) {
        int n = valueCount(tag);
        double[] out = new double[n];
        for (int j = 0; j < n; j++) {
            out[j] = getDouble(tag, j, Double.NaN);
        }
        return out;
    }

    /** Number of values (VM) of an element: binary units, backslash-separated strings, or sequence items. */
    public int valueCount(int tag) {
        int i = indexOf(tag);
        if (i < 0) {
            return 0;
        }
        Object v = values[i];
        VR vr = vrs[i];
        if (v instanceof Sequence) {
            return ((Sequence) v).size();
        }
        if (!(v instanceof byte[])) {
            return 1;
        }
        byte[] b = (byte[]) v;
        if (b.length == 0) {
            return 0;
        }
        if (vr.isBinaryNumber()) {
            return b.length / (vr == VR.AT ? 4 : vr.unitSize());
        }
        if (vr.isBulk() || vr.kind() == VR.Kind.TEXT) {
            return 1;
        }
        return getStrings(tag).length;
    }

    public LocalDate getDate(int tag) {
        return DateTimes.parseDate(getString(tag));
    }

    public LocalTime getTime(int tag) {
        return DateTimes.parseTime(getString(tag));
    }

    /** A DT element, or the combination of a DA and a TM element (e.g. StudyDate and StudyTime). */
    public LocalDateTime getDateTime(int tag) {
        return DateTimes.parseDateTime(getString(tag));
    }

    public LocalDateTime getDateTime(int dateTag, int timeTag) {
        LocalDate date = getDate(dateTag);
        if (date == null) {
            return null;
        }
        LocalTime time = getTime(timeTag);
        return LocalDateTime.of(date, time == null ? LocalTime.MIDNIGHT : time);
    }

    // ---------------------------------------------------------------- text helpers

    private String decode(byte[] bytes, VR vr) {
        int end = bytes.length;
        // Padding: NUL for UI (and in practice anything), trailing spaces for text.
        while (end > 0 && (bytes[end - 1] == 0 || (bytes[end - 1] == ' ' && vr != VR.UI))) {
            end--;
        }
        if (vr.isCharsetDependent()) {
            return charset().decode(bytes, 0, end, vr);
        }
        return new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
    }

    private static String ascii(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    /** Splits on backslash and trims each value; leading spaces are significant only in TEXT VRs, which are not split. */
    static String[] splitValues(String text, VR vr) {
        if (text.isEmpty()) {
            return new String[0];
        }
        int count = 1;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\\') {
                count++;
            }
        }
        String[] out = new String[count];
        int start = 0;
        int k = 0;
        for (int i = 0; i <= text.length(); i++) {
            if (i == text.length() || text.charAt(i) == '\\') {
                out[k++] = trim(text, start, i, vr);
                start = i + 1;
            }
        }
        return out;
    }

    private static String trim(String text, int from, int to, VR vr) {
        while (to > from && (text.charAt(to - 1) == ' ' || text.charAt(to - 1) == 0)) {
            to--;
        }
        while (from < to && text.charAt(from) == ' ') {
            from++;
        }
        return text.substring(from, to);
    }

    private static String[] binaryAsStrings(byte[] b, VR vr) {
        int unit = vr == VR.AT ? 4 : vr.unitSize();
        String[] out = new String[b.length / unit];
        for (int j = 0; j < out.length; j++) {
            switch (vr) {
                case FL:
                    out[j] = Float.toString(Float.intBitsToFloat((int) ByteOrder.getLE(b, j * 4, 4, false)));
                    break;
                case FD:
                    out[j] = Double.toString(Double.longBitsToDouble(ByteOrder.getLE(b, j * 8, 8, false)));
                    break;
                case AT:
                    out[j] = Tags.toHex((int) ((ByteOrder.getLE(b, j * 4, 2, false) << 16)
                        | ByteOrder.getLE(b, j * 4 + 2, 2, false)));
                    break;
                case UV:
                    out[j] = Long.toUnsignedString(ByteOrder.getLE(b, j * 8, 8, false));
                    break;
                default:
                    boolean signed = vr == VR.SS || vr == VR.SL || vr == VR.SV;
                    out[j] = Long.toString(ByteOrder.getLE(b, j * unit, unit, signed));
            }
        }
        return out;
    }

    private static byte[] pad(byte[] bytes, VR vr) {
        if ((bytes.length & 1) == 0) {
            return bytes;
        }
        byte[] padded = Arrays.copyOf(bytes, bytes.length + 1);
        padded[bytes.length] = (byte) vr.paddingByte();
        return padded;
    }

    /** DS allows 16 characters; prefer the shortest exact form. */
    static String formatDecimal(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        String s = Double.toString(d);
        if (s.length() <= 16) {
            return s;
        }
        for (int digits = 15; digits > 0; digits--) {
            String t = String.format(java.util.Locale.ROOT, "%." + digits + "G", d).replace("+", "");
            if (t.length() <= 16) {
                return t;
            }
        }
        return s;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Dataset[");
        for (int i = 0; i < size; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(Tags.toString(tags[i])).append(' ').append(vrs[i]);
        }
        return sb.append(']').toString();
    }
}
