package io.sagitta.core.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.sagitta.core.data.Dataset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Decode, encode, decode: any input either fails with a DicomJsonException or reads into datasets
 * that write JSON the reader takes back, after which writing is a fixed point. The first write may
 * normalise (trimmed padding, "007" as 7, lone surrogates replaced); the second must not change anything.
 */
class DicomJsonFuzzTest {

    private static final DicomJsonReader READER = DicomJsonReader.create(
        DicomJsonOptions.builder().maxDepth(64).maxStringLength(1 << 16).build());
    private static final DicomJsonWriter WRITER = DicomJsonWriter.create();

    /** Run with JAZZER_FUZZ=1 to fuzz; in a normal build it replays the seeds and an empty input. */
    @FuzzTest(maxDuration = "2m")
    void readWriteRead(byte[] input) {
        check(new String(input, StandardCharsets.UTF_8));
    }

    /** The same property over seeded mutations of valid documents, so every build exercises it. */
    @Test
    void mutationsOfValidDocuments() {
        List<String> seeds = List.of(DicomJsonWriterTest.EVERY_VR_JSON,
            DicomJsonWriterTest.q("[{'00081115':{'vr':'SQ','Value':[{'00100010':{'vr':'PN','Value':[{'Alphabetic':'A=B'}]}},{}]},"
                + "'00101030':{'vr':'DS','Value':['  007.50 ',1e20,0.12345678901234567]},'00200013':{'vr':'IS','Value':['+0042']},"
                + "'00091007':{'vr':'UV','Value':[1.0E1,'18446744073709551615']},'00091002':{'vr':'FL','Value':[null,3.4e38]}}]"));
        String alphabet = "{}[],:\"'\\ 0123456789-+.eEabcfnrtuAFIVLOSNPQUDTSHZ\u00e9\u738b\ud83d\ude00\ud800\u0000";
        Random random = new Random(20240131);
        int accepted = 0;
        for (int round = 0; round < 5_000; round++) {
            StringBuilder doc = new StringBuilder(seeds.get(round % seeds.size()));
            for (int edits = 1 + random.nextInt(2); edits > 0; edits--) {
                int at = random.nextInt(doc.length() + 1);
                switch (random.nextInt(4)) {
                    case 0: // delete a short run
                        doc.delete(at, Math.min(doc.length(), at + 1 + random.nextInt(8)));
                        break;
                    case 1: // insert a character that matters to JSON or DICOM
                        doc.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                        break;
                    case 2: // duplicate a slice elsewhere
                        int from = random.nextInt(doc.length());
                        String slice = doc.substring(from, Math.min(doc.length(), from + random.nextInt(40)));
                        doc.insert(Math.min(at, doc.length()), slice);
                        break;
                    default: // replace one character
                        if (at < doc.length()) {
                            doc.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                        }
                }
            }
            accepted += check(doc.toString()) ? 1 : 0;
        }
        // Guards the test itself: mutations that are all rejected would prove nothing about the writer.
        assertTrue(accepted > 400, "only " + accepted + " mutated documents were readable");
    }

    /** Returns whether the input was readable. */
    private static boolean check(String json) {
        List<Dataset> first;
        try {
            first = READER.readDatasets(json);
        } catch (DicomJsonException expected) {
            return false;
        } catch (RuntimeException | StackOverflowError e) {
            throw new AssertionError("not a DicomJsonException for: " + json, e);
        }
        String once = write(first);
        String twice;
        try {
            twice = write(READER.readDatasets(once));
        } catch (DicomJsonException e) {
            fail("the writer wrote what the reader refuses (" + e.getMessage() + "):\n" + once + "\nfrom:\n" + json);
            return false;
        }
        assertEquals(twice, write(READER.readDatasets(twice)), () -> "not a fixed point; input:\n" + json);
        return true;
    }

    private static String write(List<Dataset> datasets) {
        StringBuilder sb = new StringBuilder();
        try {
            WRITER.writeArray(datasets, sb);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        return sb.toString();
    }
}
