package io.sagitta.core.json;

import io.sagitta.core.data.BulkData;
import io.sagitta.core.data.ByteOrder;
import io.sagitta.core.data.Dataset;
import io.sagitta.core.data.Fragments;
import io.sagitta.core.data.Sequence;
import io.sagitta.core.data.Tags;
import io.sagitta.core.data.VR;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes datasets in the DICOM JSON Model (PS3.18 Annex F.2), streaming to an {@link Appendable}
 * as it walks the dataset: no intermediate tree, no whole-document string unless asked for one.
 * Immutable and thread-safe; one instance per set of options.
 *
 * <p>Choices where F.2 leaves room or the data does not fit it:
 * <ul>
 *   <li>Group lengths (gggg,0000) are never written (F.2.2); group 0002 only with
 *       {@link DicomJsonOptions#includeFileMeta()}, since File Meta Information is not part of the dataset.
 *   <li>DS and IS values that are numbers become canonical JSON numbers ("1.50" is 1.5, "007" is 7,
 *       big integers stay exact); values that are not numbers are written as JSON strings, which
 *       F.2.3 permits for DS and IS, rather than as invalid JSON.
 *   <li>FL and FD NaN and infinities have no JSON form and the model types them as numbers, so they
 *       are written as {@code null}, the empty value of F.2.5; the reader turns null back into NaN.
 *   <li>SV and UV beyond ±(2^53-1) are strings (F.2.3.1), so consumers holding doubles lose nothing.
 *   <li>A multi-valued PN value that is empty is {@code null} like any empty value (F.2.5); a
 *       non-empty one is an object holding its non-empty component groups (F.2.2).
 *   <li>{@link BulkData} values become a BulkDataURI: their own URI, else one from
 *       {@link DicomJsonOptions#bulkDataUris()}; with neither, the attribute is written with its VR
 *       only, because the value is not here to inline.
 *   <li>Encapsulated pixel data ({@link Fragments}) is a BulkDataURI from the URI function, else VR
 *       only. F.2.7 defines InlineBinary as the base64 of the Value Field, which for encapsulated data
 *       would be item tags and delimiters that no reader expects; toolkits (dcmtk, dicom-rs) do not
 *       inline it either, and DICOMweb serves compressed frames as bulk data (PS3.18 8.7.3.3.2).
 * </ul>
 */
public final class DicomJsonWriter {

    private final DicomJsonOptions options;

    private DicomJsonWriter(DicomJsonOptions options) {
        this.options = options;
    }

    public static DicomJsonWriter create() {
        return new DicomJsonWriter(DicomJsonOptions.DEFAULT);
    }

    public static DicomJsonWriter create(DicomJsonOptions options) {
        return new DicomJsonWriter(options);
    }

    public DicomJsonOptions options() {
        return options;
    }

    /** The dataset as one JSON object. */
    public String toJson(Dataset dataset) {
        StringBuilder sb = new StringBuilder(256 + dataset.size() * 48);
        try {
            write(dataset, sb);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringBuilder does not throw
        }
        return sb.toString();
    }

    /** Writes the dataset as one JSON object. */
    public void write(Dataset dataset, Appendable out) throws IOException {
        new Session(new JsonWriter(out, options.indent())).dataset(dataset);
    }

    /** Writes the datasets as a JSON array of objects, the multiple-results form of F.2.1 that QIDO-RS returns. */
    public void writeArray(Iterable<? extends Dataset> datasets, Appendable out) throws IOException {
        JsonWriter json = new JsonWriter(out, options.indent());
        json.beginArray();
        for (Dataset dataset : datasets) {
            new Session(json).dataset(dataset);
        }
        json.endArray();
    }

    /** One walk over one dataset: the JSON output and where in the sequence tree we are. */
    private final class Session {
        private final JsonWriter json;
        /** Sequence tag, item index, sequence tag, item index, ... of the item being written. */
        private final List<Integer> itemPath = new ArrayList<>();

        Session(JsonWriter json) {
            this.json = json;
        }

        void dataset(Dataset dataset) throws IOException {
            json.beginObject();
            for (int i = 0; i < dataset.size(); i++) {
                int tag = dataset.tagAt(i);
                if (Tags.isGroupLength(tag) || Tags.isItemDelimiter(tag)
                    || (Tags.group(tag) == 0x0002 && !options.includeFileMeta())) {
                    continue;
                }
                json.name(Tags.toHex(tag));
                json.beginObject();
                json.name("vr");
                json.string(dataset.vrAt(i).name());
                value(dataset, i);
                json.endObject();
            }
            json.endObject();
        }

        private void value(Dataset dataset, int index) throws IOException {
            int tag = dataset.tagAt(index);
            VR vr = dataset.vrAt(index);
            Object value = dataset.valueAt(index);
            if (value instanceof Sequence) {
                items(tag, (Sequence) value);
            } else if (value instanceof Fragments) {
                bulkDataUri(uriFor(tag, vr));
            } else if (value instanceof BulkData) {
                String uri = ((BulkData) value).uri();
                bulkDataUri(uri != null ? uri : uriFor(tag, vr));
            } else {
                byte[] bytes = (byte[]) value;
                if (bytes.length == 0) {
                    return; // F.2.5: an empty attribute has its VR and nothing else
                }
                if (bytes.length > options.bulkDataThreshold() && mayBeBulk(vr)) {
                    String uri = uriFor(tag, vr);
                    if (uri != null) {
                        bulkDataUri(uri);
                        return;
                    }
                }
                bytes(dataset, tag, vr, bytes);
            }
        }

        private boolean mayBeBulk(VR vr) {
            return vr.isBulk() || (options.textAsBulkData()
                && (vr == VR.LT || vr == VR.ST || vr == VR.UC || vr == VR.UT));
        }

        private String uriFor(int tag, VR vr) {
            BulkDataUris uris = options.bulkDataUris();
            return uris == null ? null : uris.uriFor(List.copyOf(itemPath), tag, vr);
        }

        private void bulkDataUri(String uri) throws IOException {
            if (uri != null) {
                json.name("BulkDataURI");
                json.string(uri);
            }
        }

        private void items(int tag, Sequence items) throws IOException {
            if (items.isEmpty()) {
                return;
            }
            json.name("Value");
            json.beginArray();
            for (int k = 0; k < items.size(); k++) {
                itemPath.add(tag);
                itemPath.add(k);
                dataset(items.get(k));
                itemPath.remove(itemPath.size() - 1);
                itemPath.remove(itemPath.size() - 1);
            }
            json.endArray();
        }

        private void bytes(Dataset dataset, int tag, VR vr, byte[] bytes) throws IOException {
            switch (vr.kind()) {
                case BULK:
                    json.name("InlineBinary");
                    json.base64(bytes);
                    return;
                case BINARY:
                    binaryNumbers(vr, bytes);
                    return;
                case SEQUENCE:
                    return; // undecoded item bytes have no JSON form; the VR alone keeps the document valid
                default:
                    strings(vr, dataset.getStrings(tag));
            }
        }

        private void binaryNumbers(VR vr, byte[] b) throws IOException {
            int unit = vr == VR.AT ? 4 : vr.unitSize();
            int count = b.length / unit;
            if (count == 0) {
                return;
            }
            json.name("Value");
            json.beginArray();
            for (int j = 0; j < count; j++) {
                int at = j * unit;
                switch (vr) {
                    case AT:
                        json.string(Tags.toHex(Tags.of((int) ByteOrder.getLE(b, at, 2, false),
                            (int) ByteOrder.getLE(b, at + 2, 2, false))));
                        break;
                    case FL:
                        numberOrNull(JsonNumbers.fromFloat(Float.intBitsToFloat((int) ByteOrder.getLE(b, at, 4, false))));
                        break;
                    case FD:
                        numberOrNull(JsonNumbers.fromDouble(Double.longBitsToDouble(ByteOrder.getLE(b, at, 8, false))));
                        break;
                    case UV:
                        long u = ByteOrder.getLE(b, at, 8, false);
                        safeInteger(Long.toUnsignedString(u), Long.compareUnsigned(u, JsonNumbers.MAX_SAFE_INTEGER) <= 0);
                        break;
                    default:
                        long v = ByteOrder.getLE(b, at, unit, vr == VR.SS || vr == VR.SL || vr == VR.SV);
                        safeInteger(Long.toString(v), v >= -JsonNumbers.MAX_SAFE_INTEGER && v <= JsonNumbers.MAX_SAFE_INTEGER);
                }
            }
            json.endArray();
        }

        private void numberOrNull(String number) throws IOException {
            if (number == null) {
                json.nullValue();
            } else {
                json.number(number);
            }
        }

        private void safeInteger(String text, boolean safe) throws IOException {
            if (safe) {
                json.number(text);
            } else {
                json.string(text);
            }
        }

        private void strings(VR vr, String[] values) throws IOException {
            if (values.length == 0 || (values.length == 1 && values[0].isEmpty())) {
                return;
            }
            json.name("Value");
            json.beginArray();
            for (String s : values) {
                if (s.isEmpty()) {
                    json.nullValue();
                } else if (vr == VR.PN) {
                    personName(s);
                } else if (vr == VR.DS || vr == VR.IS) {
                    String number = vr == VR.DS ? JsonNumbers.fromDecimalString(s) : JsonNumbers.fromIntegerString(s);
                    if (number != null) {
                        json.number(number);
                    } else {
                        json.string(s);
                    }
                } else {
                    json.string(s);
                }
            }
            json.endArray();
        }

        /** F.2.2: the non-empty component groups of one PN value, by name. */
        private void personName(String value) throws IOException {
            json.beginObject();
            String[] names = {"Alphabetic", "Ideographic", "Phonetic"};
            int start = 0;
            for (int group = 0; group < names.length && start <= value.length(); group++) {
                int end = group == names.length - 1 ? value.length() : value.indexOf('=', start);
                if (end < 0) {
                    end = value.length();
                }
                if (end > start) {
                    json.name(names[group]);
                    json.string(value.substring(start, end));
                }
                start = end + 1;
            }
            json.endObject();
        }
    }
}
