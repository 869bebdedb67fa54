package io.sagitta.core.testing;

import io.sagitta.core.data.ByteOrder;
import io.sagitta.core.data.Dataset;
import io.sagitta.core.data.ElementDictionary;
import io.sagitta.core.data.Fragments;
import io.sagitta.core.data.Sequence;
import io.sagitta.core.data.Tags;
import io.sagitta.core.data.VR;
import io.sagitta.core.testing.DcmdumpText.Node;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * Compares what dcmdump printed ({@link DcmdumpText}) with a {@link Dataset} Sagitta parsed with every
 * value kept: the same elements in the same order, the same VRs, the same values. Character values are
 * compared value by value after trimming, numbers numerically (binary floats within the precision
 * dcmdump prints), bytes and words exactly, sequences item by item, Pixel Data fragment by fragment.
 *
 * <p>In implicit VR data the VR comes from a dictionary, and dcmtk resolves the dictionary's "US or SS"
 * and "OB or OW" from context; there any VR the dictionary lists is accepted, and the value is read the
 * way dcmtk read it.
 */
public final class DumpComparison {

    private static final Set<String> HEX_BYTES = Set.of("OB", "UN", "??", "pi");

    private final boolean implicitVR;
    private final List<String> differences = new ArrayList<>();

    private DumpComparison(boolean implicitVR) {
        this.implicitVR = implicitVR;
    }

    /** Every difference between the dump and the dataset, each naming the element path; empty when they agree. */
    public static List<String> differences(List<Node> dump, Dataset dataset, boolean implicitVR) {
        DumpComparison c = new DumpComparison(implicitVR);
        c.compare("", dump, dataset);
        return c.differences;
    }

    private void compare(String path, List<Node> dump, Dataset ours) {
        for (int i = 0, j = 0; i < dump.size() || j < ours.size();) {
            Node node = i < dump.size() ? dump.get(i) : null;
            int ourTag = j < ours.size() ? ours.tagAt(j) : 0;
            if (node != null && j < ours.size() && node.tag == ourTag) {
                compareElement(path + Tags.toString(node.tag), node, ours.vrAt(j), ours.valueAt(j));
                i++;
                j++;
            } else if (node != null && (j >= ours.size() || Integer.compareUnsigned(node.tag, ourTag) < 0)) {
                differences.add(path + Tags.toString(node.tag) + ": dcmtk has it, Sagitta does not (" + node + ")");
                i++;
            } else {
                differences.add(path + Tags.toString(ourTag) + ": Sagitta has it, dcmtk does not");
                j++;
            }
            if (differences.size() > 50) {
                return;
            }
        }
    }

    private void compareElement(String path, Node node, VR vr, Object value) {
        if (!vrMatches(node, vr)) {
            differences.add(path + ": VR " + vr + ", dcmtk says " + node.vr);
        }
        if (node.isSequence()) {
            if (!(value instanceof Sequence)) {
                differences.add(path + ": dcmtk reads a sequence, Sagitta " + describe(value));
                return;
            }
            Sequence seq = (Sequence) value;
            if (seq.size() != node.items.size()) {
                differences.add(path + ": " + seq.size() + " items, dcmtk " + node.items.size());
                return;
            }
            for (int k = 0; k < seq.size(); k++) {
                compare(path + "[" + k + "].", node.items.get(k), seq.get(k));
            }
            return;
        }
        if (node.isPixelSequence()) {
            if (!(value instanceof Fragments)) {
                differences.add(path + ": dcmtk reads fragments, Sagitta " + describe(value));
                return;
            }
            Fragments fragments = (Fragments) value;
            if (fragments.size() != node.fragments.size()) {
                differences.add(path + ": " + fragments.size() + " fragments, dcmtk " + node.fragments.size());
                return;
            }
            for (int k = 0; k < fragments.size(); k++) {
                compareValue(path + "{" + k + "}", node.fragments.get(k), "pi", fragments.get(k));
            }
            return;
        }
        compareValue(path, node, node.vr, value);
    }

    private boolean vrMatches(Node node, VR vr) {
        if (node.vr.equals(vr.name())) {
            return true;
        }
        if (node.isSequence() && vr == VR.SQ) {
            return true; // UN of undefined length is a sequence to both (dcmtk may print UN or ??)
        }
        if (node.vr.equals("??")) {
            return vr == VR.UN;
        }
        if (implicitVR) {
            ElementDictionary.Entry entry = ElementDictionary.entry(node.tag);
            return entry != null && Arrays.asList(entry.vrs().split("\\|")).contains(node.vr);
        }
        return false;
    }

    private void compareValue(String path, Node node, String dumpVR, Object value) {
        if (!(value instanceof byte[])) {
            differences.add(path + ": Sagitta holds " + describe(value) + ", dcmtk " + node);
            return;
        }
        byte[] bytes = (byte[]) value;
        if (node.length >= 0 && node.length != bytes.length) {
            differences.add(path + ": " + bytes.length + " bytes, dcmtk " + node.length);
            return;
        }
        if (node.isEmpty()) {
            if (bytes.length != 0) {
                differences.add(path + ": " + bytes.length + " bytes, dcmtk has no value");
            }
            return;
        }
        String expected = node.value;
        String actual;
        if (HEX_BYTES.contains(dumpVR)) {
            actual = hexUnits(bytes, 1);
        } else {
            switch (dumpVR) {
                case "OW":
                    actual = hexUnits(bytes, 2);
                    break;
                case "OL": // dcmdump prints OL and OV as unsigned decimal numbers
                    actual = integers(bytes, VR.UL);
                    break;
                case "OV":
                    actual = integers(bytes, VR.UV);
                    break;
                case "US": case "UL": case "UV": case "SS": case "SL": case "SV":
                    actual = integers(bytes, VR.valueOf(dumpVR));
                    break;
                case "FL": case "OF":
                    compareFloats(path, expected, bytes, 4, 1e-6);
                    return;
                case "FD": case "OD":
                    compareFloats(path, expected, bytes, 8, 1e-15);
                    return;
                case "AT":
                    actual = tags(bytes);
                    break;
                default:
                    compareText(path, node, VR.valueOf(dumpVR), bytes);
                    return;
            }
        }
        if (!expected.equals(actual)) {
            differences.add(path + ": " + abbreviate(actual) + ", dcmtk " + abbreviate(expected));
        }
    }

    private void compareText(String path, Node node, VR vr, byte[] bytes) {
        String ours = new String(bytes, StandardCharsets.ISO_8859_1);
        String theirs = node.text();
        boolean same = vr.kind() == VR.Kind.TEXT
            ? trim(ours).equals(trim(theirs))
            : Arrays.equals(Arrays.stream(ours.split("\\\\", -1)).map(DumpComparison::trim).toArray(),
                Arrays.stream(theirs.split("\\\\", -1)).map(DumpComparison::trim).toArray());
        if (!same) {
            differences.add(path + ": [" + ours + "], dcmtk [" + theirs + "]");
        }
    }

    private void compareFloats(String path, String expected, byte[] bytes, int unit, double tolerance) {
        String[] theirs = expected.split("\\\\");
        if (theirs.length != bytes.length / unit) {
            differences.add(path + ": " + bytes.length / unit + " values, dcmtk " + theirs.length + " (" + expected + ")");
            return;
        }
        for (int k = 0; k < theirs.length; k++) {
            long bits = ByteOrder.getLE(bytes, k * unit, unit, false);
            double ours = unit == 4 ? Float.intBitsToFloat((int) bits) : Double.longBitsToDouble(bits);
            double their = Double.parseDouble(theirs[k]);
            if (Math.abs(ours - their) > tolerance * Math.max(Math.abs(ours), Math.abs(their))
                && !(Double.isNaN(ours) && Double.isNaN(their))) {
                differences.add(path + "#" + k + ": " + ours + ", dcmtk " + their);
            }
        }
    }

    private static String hexUnits(byte[] bytes, int unit) {
        StringBuilder sb = new StringBuilder();
        HexFormat hex = HexFormat.of();
        for (int k = 0; k + unit <= bytes.length; k += unit) {
            if (k > 0) {
                sb.append('\\');
            }
            for (int b = unit - 1; b >= 0; b--) {
                sb.append(hex.toHexDigits(bytes[k + b]));
            }
        }
        return sb.toString();
    }

    private static String integers(byte[] bytes, VR vr) {
        int unit = vr.unitSize();
        boolean signed = vr == VR.SS || vr == VR.SL || vr == VR.SV;
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k + unit <= bytes.length; k += unit) {
            long v = ByteOrder.getLE(bytes, k, unit, signed);
            sb.append(k > 0 ? "\\" : "").append(vr == VR.UV ? Long.toUnsignedString(v) : Long.toString(v));
        }
        return sb.toString();
    }

    private static String tags(byte[] bytes) {
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k + 4 <= bytes.length; k += 4) {
            sb.append(k > 0 ? "\\" : "").append(String.format("(%04x,%04x)",
                ByteOrder.getLE(bytes, k, 2, false), ByteOrder.getLE(bytes, k + 2, 2, false)));
        }
        return sb.toString();
    }

    private static String trim(String s) {
        int from = 0;
        int to = s.length();
        while (to > from && (s.charAt(to - 1) == ' ' || s.charAt(to - 1) == 0)) {
            to--;
        }
        while (from < to && s.charAt(from) == ' ') {
            from++;
        }
        return s.substring(from, to);
    }

    private static String describe(Object value) {
        return value == null ? "nothing" : value.getClass().getSimpleName();
    }

    private static String abbreviate(String s) {
        return s.length() <= 120 ? s : s.substring(0, 120) + "...(" + s.length() + " chars)";
    }
}
