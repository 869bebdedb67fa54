package io.sagitta.core.json;

import io.sagitta.core.data.BulkData;
import io.sagitta.core.data.Dataset;
import io.sagitta.core.data.ElementDictionary;
import io.sagitta.core.data.Sequence;
import io.sagitta.core.data.Tag;
import io.sagitta.core.data.Tags;
import io.sagitta.core.data.VR;
import io.sagitta.core.json.JsonTokenizer.Token;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * Reads the DICOM JSON Model (PS3.18 Annex F.2) into {@link Dataset}s: one dataset object, or the
 * array of them that QIDO-RS returns. Immutable and thread-safe.
 *
 * <p>Every problem with the input - malformed JSON, a limit of {@link DicomJsonOptions} exceeded,
 * a value that does not fit its VR, even an I/O error of the source - is a
 * {@link DicomJsonException}, so a route maps one exception type to one status.
 *
 * <p>How values land in the dataset:
 * <ul>
 *   <li>Text is encoded in the dataset's Specific Character Set; when the JSON declares none and has
 *       non-ASCII text, or declares one that cannot hold its text, (0008,0005) becomes "ISO_IR 192"
 *       (see {@link PendingText}).
 *   <li>DS and IS numbers are kept as text (a long DS is rounded to its 16 characters); strings for DS
 *       and IS are kept as written, as F.2.3 intends. Numbers for US, SS, UL, SL, SV, UV, FL and FD
 *       are encoded as binary little endian values after a range check; {@code null} in FL or FD is
 *       NaN (the writer's encoding of NaN), in other binary VRs it is an error.
 *   <li>InlineBinary is decoded into the value bytes; a BulkDataURI becomes {@link BulkData#ofUri}.
 *   <li>A missing "vr" falls back to the dictionary; members other than vr, Value, InlineBinary and
 *       BulkDataURI are skipped. "vr" must come before a "Value" whose elements are objects when the
 *       dictionary cannot tell a sequence from a person name (private tags).
 * </ul>
 */
public final class DicomJsonReader {

    private static final byte[] EMPTY = new byte[0];

    private final DicomJsonOptions options;

    private DicomJsonReader(DicomJsonOptions options) {
        this.options = options;
    }

    public static DicomJsonReader create() {
        return new DicomJsonReader(DicomJsonOptions.DEFAULT);
    }

    public static DicomJsonReader create(DicomJsonOptions options) {
        return new DicomJsonReader(options);
    }

    /** Reads a document that is one dataset object. */
    public Dataset readDataset(CharSequence json) {
        return readDataset(new StringReader(json.toString()));
    }

    public Dataset readDataset(Reader json) {
        JsonTokenizer tokens = tokenizer(json);
        Dataset dataset = topLevel(tokens);
        tokens.endDocument();
        return dataset;
    }

    /** Reads a document that is an array of dataset objects, or a single dataset object. */
    public List<Dataset> readDatasets(CharSequence json) {
        return readDatasets(new StringReader(json.toString()));
    }

    /** Reads UTF-8 (RFC 8259), rejecting malformed byte sequences rather than replacing them. */
    public List<Dataset> readDatasets(InputStream utf8) {
        return readDatasets(new InputStreamReader(utf8, StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)));
    }

    public List<Dataset> readDatasets(Reader json) {
        JsonTokenizer tokens = tokenizer(json);
        List<Dataset> datasets = new ArrayList<>();
        if (tokens.peek() == Token.BEGIN_ARRAY) {
            tokens.beginArray();
            while (tokens.hasNext()) {
                datasets.add(topLevel(tokens));
            }
            tokens.endArray();
        } else {
            datasets.add(topLevel(tokens));
        }
        tokens.endDocument();
        return datasets;
    }

    private JsonTokenizer tokenizer(Reader json) {
        return new JsonTokenizer(json, options.maxDepth(), options.maxStringLength());
    }

    private Dataset topLevel(JsonTokenizer tokens) {
        Dataset dataset = new Dataset();
        PendingText text = new PendingText();
        try {
            new Parse(tokens, text).dataset(dataset);
            text.encodeInto(dataset);
        } catch (DicomJsonException e) {
            throw e;
        } catch (RuntimeException e) {
            // A character set or dataset setter refusing a value is still bad input, not a bug to leak.
            throw new DicomJsonException("invalid DICOM JSON: " + e.getMessage(), e);
        }
        return dataset;
    }

    /** A JSON number as written, kept apart from strings because VRs treat the two differently. */
    private record JsonNumber(String text) {
    }

    /** One PN value rebuilt from its component groups: "Alphabetic=Ideographic=Phonetic". */
    private record PersonName(String text) {
    }

    /** One pass over one top-level dataset. */
    private static final class Parse {
        private final JsonTokenizer tokens;
        private final PendingText text;

        Parse(JsonTokenizer tokens, PendingText text) {
            this.tokens = tokens;
            this.text = text;
        }

        void dataset(Dataset dataset) {
            tokens.beginObject();
            while (tokens.hasNext()) {
                String name = tokens.nextName();
                long tag = Tags.parseHex(name);
                if (tag < 0) {
                    throw tokens.error("attribute name is not a tag (8 hex digits): \"" + JsonNumbers.abbreviate(name) + "\"");
                }
                if (dataset.contains((int) tag)) {
                    throw tokens.error("attribute " + name + " appears twice");
                }
                attribute(dataset, (int) tag);
            }
            tokens.endObject();
        }

        private void attribute(Dataset dataset, int tag) {
            String hex = Tags.toHex(tag);
            VR vr = null;
            List<Object> values = null;
            Sequence sequence = null;
            byte[] inline = null;
            String uri = null;
            int forms = 0;
            tokens.beginObject();
            while (tokens.hasNext()) {
                String member = tokens.nextName();
                switch (member) {
                    case "vr":
                        String name = tokens.nextString();
                        vr = VR.ofName(name);
                        if (vr == null) {
                            throw tokens.error("unknown VR \"" + JsonNumbers.abbreviate(name) + "\" in " + hex);
                        }
                        break;
                    case "Value":
                        forms++;
                        if ((vr != null ? vr : ElementDictionary.vrOf(tag)) == VR.SQ) {
                            sequence = items(dataset, tag);
                        } else {
                            values = valueArray(hex);
                        }
                        break;
                    case "InlineBinary":
                        forms++;
                        inline = base64(tokens.nextString(), hex);
                        break;
                    case "BulkDataURI":
                        forms++;
                        uri = tokens.nextString();
                        break;
                    default:
                        tokens.skipValue(); // e.g. a "keyword" some servers add
                }
            }
            tokens.endObject();
            if (forms > 1) {
                throw tokens.error(hex + " has more than one of Value, InlineBinary and BulkDataURI");
            }
            if (vr == null) {
                if (ElementDictionary.entry(tag) == null) {
                    throw tokens.error(hex + " has no \"vr\"");
                }
                vr = ElementDictionary.vrOf(tag);
            }
            if ((sequence != null && vr != VR.SQ) || (values != null && vr == VR.SQ)) {
                throw tokens.error(hex + ": \"vr\" must come before \"Value\" to tell items from values");
            }
            if (vr == VR.SQ) {
                if (inline != null || uri != null) {
                    throw tokens.error(hex + " is a sequence; it cannot have InlineBinary or BulkDataURI");
                }
                if (sequence == null) {
                    dataset.newSequence(tag, 0);
                }
            } else if (inline != null) {
                dataset.setValue(tag, vr, inline);
            } else if (uri != null) {
                dataset.setValue(tag, vr, BulkData.ofUri(uri));
            } else if (values == null || values.isEmpty()) {
                dataset.setValue(tag, vr, EMPTY);
            } else {
                values(dataset, tag, vr, values, hex);
            }
        }

        private Sequence items(Dataset dataset, int tag) {
            Sequence sequence = dataset.newSequence(tag);
            tokens.beginArray();
            while (tokens.hasNext()) {
                dataset(sequence.addItem());
            }
            tokens.endArray();
            return sequence;
        }

        private List<Object> valueArray(String hex) {
            List<Object> values = new ArrayList<>();
            tokens.beginArray();
            while (tokens.hasNext()) {
                switch (tokens.peek()) {
                    case STRING: values.add(tokens.nextString()); break;
                    case NUMBER: values.add(new JsonNumber(tokens.nextNumber())); break;
                    case NULL: tokens.nextNull(); values.add(null); break;
                    case BEGIN_OBJECT: values.add(personName(hex)); break;
                    default: throw tokens.error("unexpected " + JsonTokenizer.describe(tokens.peek()) + " in the Value of " + hex);
                }
            }
            tokens.endArray();
            return values;
        }

        private PersonName personName(String hex) {
            String[] groups = new String[3];
            tokens.beginObject();
            while (tokens.hasNext()) {
                String member = tokens.nextName();
                int group = "Alphabetic".equals(member) ? 0 : "Ideographic".equals(member) ? 1 : "Phonetic".equals(member) ? 2 : -1;
                if (group < 0) {
                    tokens.skipValue();
                } else if (tokens.peek() == Token.NULL) {
                    tokens.nextNull();
                } else {
                    groups[group] = tokens.nextString();
                }
            }
            tokens.endObject();
            // Trailing empty groups are dropped, as PS3.5 6.2 asks of PN component groups.
            int last = groups[2] != null && !groups[2].isEmpty() ? 2 : groups[1] != null && !groups[1].isEmpty() ? 1 : 0;
            StringBuilder sb = new StringBuilder();
            for (int g = 0; g <= last; g++) {
                if (g > 0) {
                    sb.append('=');
                }
                if (groups[g] != null) {
                    sb.append(groups[g]);
                }
            }
            return new PersonName(sb.toString());
        }

        private void values(Dataset dataset, int tag, VR vr, List<Object> values, String hex) {
            switch (vr.kind()) {
                case BULK:
                    throw tokens.error(hex + ": " + vr + " values are written as InlineBinary or BulkDataURI, not Value");
                case BINARY:
                    if (vr == VR.AT) {
                        dataset.setInt(tag, VR.AT, tags(values, hex));
                    } else {
                        dataset.setValue(tag, vr, binaryNumbers(vr, values, hex));
                    }
                    return;
                default:
                    String[] strings = strings(vr, values, hex);
                    if (tag == Tag.SpecificCharacterSet) {
                        // Stored as sent, whatever its VR, and never through setString of a
                        // charset-dependent VR, which would make items cache a character set too early.
                        dataset.setValue(tag, vr, padded(String.join("\\", strings).getBytes(StandardCharsets.ISO_8859_1)));
                    } else if (vr.isCharsetDependent()) {
                        dataset.setValue(tag, vr, EMPTY); // holds the place; the text is encoded once the charset is settled
                        text.add(dataset, tag, vr, strings);
                    } else {
                        dataset.setString(tag, vr, strings);
                    }
            }
        }

        private int[] tags(List<Object> values, String hex) {
            int[] out = new int[values.size()];
            for (int i = 0; i < out.length; i++) {
                long tag = values.get(i) instanceof String ? Tags.parseHex((String) values.get(i)) : -1;
                if (tag < 0) {
                    throw tokens.error(hex + ": an AT value is a string of 8 hex digits, not " + describe(values.get(i)));
                }
                out[i] = (int) tag;
            }
            return out;
        }

        private byte[] binaryNumbers(VR vr, List<Object> values, String hex) {
            byte[] out = new byte[values.size() * vr.unitSize()];
            for (int i = 0; i < values.size(); i++) {
                Object v = values.get(i);
                String number;
                if (v instanceof JsonNumber) {
                    number = ((JsonNumber) v).text();
                } else if (v == null || v instanceof String) {
                    number = (String) v; // strings are how F.2.3.1 writes large SV and UV
                } else {
                    throw tokens.error(hex + ": a " + vr + " value is a number, not " + describe(v));
                }
                try {
                    JsonNumbers.putBinary(out, i * vr.unitSize(), vr, number);
                } catch (DicomJsonException e) {
                    throw tokens.error(hex + ": " + e.getMessage());
                }
            }
            return out;
        }

        private String[] strings(VR vr, List<Object> values, String hex) {
            String[] out = new String[values.size()];
            for (int i = 0; i < out.length; i++) {
                Object v = values.get(i);
                if (v == null) {
                    out[i] = "";
                } else if (v instanceof String) {
                    out[i] = (String) v; // also PN written as a plain string, which some servers send
                } else if (v instanceof PersonName && vr == VR.PN) {
                    out[i] = ((PersonName) v).text();
                } else if (v instanceof JsonNumber && (vr == VR.DS || vr == VR.IS)) {
                    String number = ((JsonNumber) v).text();
                    try {
                        out[i] = vr == VR.DS ? JsonNumbers.toDecimalString(number) : JsonNumbers.toIntegerString(number);
                    } catch (DicomJsonException e) {
                        throw tokens.error(hex + ": " + e.getMessage());
                    }
                } else {
                    throw tokens.error(hex + ": a " + vr + " value is " + (vr == VR.PN ? "an object" : "a string")
                        + ", not " + describe(v));
                }
            }
            return out;
        }

        private static byte[] padded(byte[] bytes) {
            if ((bytes.length & 1) == 0) {
                return bytes;
            }
            byte[] out = Arrays.copyOf(bytes, bytes.length + 1);
            out[bytes.length] = ' ';
            return out;
        }

        private byte[] base64(String text, String hex) {
            try {
                return Base64.getDecoder().decode(text);
            } catch (IllegalArgumentException e) {
                throw tokens.error(hex + ": InlineBinary is not base64: " + e.getMessage());
            }
        }

        private static String describe(Object value) {
            if (value == null) {
                return "null";
            }
            if (value instanceof JsonNumber) {
                return "the number " + JsonNumbers.abbreviate(((JsonNumber) value).text());
            }
            if (value instanceof PersonName) {
                return "an object";
            }
            return "the string \"" + JsonNumbers.abbreviate((String) value) + "\"";
        }
    }
}
