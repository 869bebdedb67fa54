package io.sagitta.core.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the text dcmdump prints (its default indented form, as produced by {@link Dcmtk#dcmdump})
 * into a tree of elements, so tests can compare what dcmtk read with what Sagitta read.
 *
 * <p>A line looks like {@code (0010,0010) PN [Doe^John]   #   8, 1 PatientName}: tag, VR, value,
 * then after the last {@code #} the value length ({@code u/l} when undefined) and multiplicity.
 * Nesting is by two spaces per level: items ({@code (fffe,e000) na}) under a sequence, their elements
 * one level further; fragments ({@code (fffe,e000) pi}) under encapsulated Pixel Data.
 */
public final class DcmdumpText {

    /** One element as dcmdump printed it. */
    public static final class Node {
        public final int tag;
        /** The VR as printed: a real VR, {@code ??} for unknown implicit VR, {@code na}/{@code pi} for items. */
        public final String vr;
        /** The value text as printed: {@code [text]}, numbers, hex bytes, or {@code (...)} for none. */
        public final String value;
        /** Value length, or -1 for undefined length. */
        public final long length;
        /** For a sequence: its items, each a list of elements. */
        public final List<List<Node>> items = new ArrayList<>();
        /** For encapsulated Pixel Data: the fragments (Basic Offset Table first). */
        public final List<Node> fragments = new ArrayList<>();

        Node(int tag, String vr, String value, long length) {
            this.tag = tag;
            this.vr = vr;
            this.value = value;
            this.length = length;
        }

        public boolean isSequence() {
            return vr.equals("SQ") || value.startsWith("(Sequence with");
        }

        public boolean isPixelSequence() {
            return value.startsWith("(PixelSequence");
        }

        /** True when dcmdump shows no value at all. */
        public boolean isEmpty() {
            return value.equals("(no value available)");
        }

        /** The text between the brackets of a character value. */
        public String text() {
            if (!value.startsWith("[") || !value.endsWith("]")) {
                throw new IllegalStateException("not a character value: " + this);
            }
            return value.substring(1, value.length() - 1);
        }

        @Override
        public String toString() {
            return String.format("(%04x,%04x) %s %s #%d", tag >>> 16, tag & 0xFFFF, vr, value, length);
        }
    }

    /** A parsed dump: File Meta Information (empty for a bare dataset) and dataset. */
    public record Dump(List<Node> fileMeta, List<Node> dataset) {
    }

    private static final Pattern LINE = Pattern.compile(
        "^( *)\\(([0-9a-fA-F]{4}),([0-9a-fA-F]{4})\\) (\\S\\S) (.*?) *# *(u/l|\\d+), *(\\d+|\\?) [^#]*$");

    private DcmdumpText() {
    }

    public static Dump parse(String text) {
        List<Node> meta = new ArrayList<>();
        List<Node> dataset = new ArrayList<>();
        List<Node> top = dataset;
        // open[d]: the sequence or pixel sequence printed at depth d; item[d]: the item whose elements are at depth d + 1.
        List<Node> open = new ArrayList<>();
        List<List<Node>> item = new ArrayList<>();
        for (String line : text.split("\r?\n")) {
            if (line.startsWith("# Dicom-Meta-Information-Header")) {
                top = meta;
                continue;
            }
            if (line.startsWith("# Dicom-Data-Set")) {
                top = dataset;
                continue;
            }
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                throw new IllegalArgumentException("not a dcmdump element line: " + line);
            }
            int indent = m.group(1).length();
            if (indent % 2 != 0) {
                throw new IllegalArgumentException("odd indentation: " + line);
            }
            int depth = indent / 2;
            int tag = (Integer.parseInt(m.group(2), 16) << 16) | Integer.parseInt(m.group(3), 16);
            long length = m.group(6).equals("u/l") ? -1 : Long.parseLong(m.group(6));
            Node node = new Node(tag, m.group(4), m.group(5), length);
            if (tag == 0xFFFEE00D || tag == 0xFFFEE0DD) {
                continue; // delimiters are structure, already shown by indentation
            }
            if (tag == 0xFFFEE000) {
                Node parent = open.get(depth - 1);
                if (node.vr.equals("pi")) {
                    parent.fragments.add(node);
                } else {
                    List<Node> elements = new ArrayList<>();
                    parent.items.add(elements);
                    set(item, depth, elements);
                }
                continue;
            }
            List<Node> container = depth == 0 ? top : item.get(depth - 1);
            container.add(node);
            if (node.isSequence() || node.isPixelSequence()) {
                set(open, depth, node);
            }
        }
        return new Dump(meta, dataset);
    }

    private static <T> void set(List<T> list, int index, T value) {
        while (list.size() <= index) {
            list.add(null);
        }
        list.set(index, value);
    }
}
