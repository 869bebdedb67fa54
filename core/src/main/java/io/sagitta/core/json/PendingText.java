package io.sagitta.core.json;

import io.sagitta.core.charset.SpecificCharacterSet;
import io.sagitta.core.data.Dataset;
import io.sagitta.core.data.Tag;
import io.sagitta.core.data.VR;
import java.util.ArrayList;
import java.util.List;

/**
 * Character-set-dependent text read from JSON (SH, LO, PN, LT, ST, UT, UC), held as Java strings
 * until the whole top-level dataset has been read. Only then is it known which Specific Character
 * Set each value will be encoded in, because (0008,0005) may come anywhere in the JSON and because
 * the reader may have to add or replace it.
 *
 * <p>The rule: text is encoded in the character set its dataset declares (or inherits). When that
 * set cannot hold a value - or nothing is declared and the value is not ASCII, the default
 * repertoire - the declaring dataset (the top level if none) gets "ISO_IR 192" instead, since
 * UTF-8 holds any JSON string and nothing must be lost. Pure ASCII is taken to fit every set.
 */
final class PendingText {

    private static final String UTF_8_TERM = "ISO_IR 192";

    private record Entry(Dataset dataset, int tag, VR vr, String[] values) {
    }

    private final List<Entry> entries = new ArrayList<>();

    void add(Dataset dataset, int tag, VR vr, String[] values) {
        entries.add(new Entry(dataset, tag, vr, values));
    }

    /** Settles the character sets, then encodes every held value into its dataset. */
    void encodeInto(Dataset top) {
        for (Entry e : entries) {
            String joined = String.join("\\", e.values);
            if (isAscii(joined)) {
                continue;
            }
            Dataset declaring = declaringDataset(e.dataset);
            if (!fits(joined, e.vr, declaring)) {
                (declaring == null ? top : declaring).setString(Tag.SpecificCharacterSet, VR.CS, UTF_8_TERM);
            }
        }
        // Encoding only now also means no item has cached its inherited character set too early.
        for (Entry e : entries) {
            e.dataset.setString(e.tag, e.vr, e.values);
        }
    }

    private static boolean fits(String text, VR vr, Dataset declaring) {
        String[] terms = declaring == null ? new String[0] : declaring.getStrings(Tag.SpecificCharacterSet);
        if (terms.length == 0) {
            return false; // default repertoire: ASCII only, and the text is not ASCII
        }
        SpecificCharacterSet charset = SpecificCharacterSet.of(terms);
        byte[] bytes = charset.encode(text, vr);
        return charset.decode(bytes, 0, bytes.length, vr).equals(text);
    }

    private static Dataset declaringDataset(Dataset dataset) {
        for (Dataset d = dataset; d != null; d = d.parent()) {
            if (d.contains(Tag.SpecificCharacterSet)) {
                return d;
            }
        }
        return null;
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }
}
