package io.sagitta.core.json;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

final class DicomJsonTestSupport {

    private DicomJsonTestSupport() {
    }

    /** Asserts that reading fails with a DicomJsonException (and nothing else) whose message says {@code why}. */
    static DicomJsonException assertRejected(DicomJsonReader reader, String json, String why) {
        DicomJsonException e = assertThrows(DicomJsonException.class, () -> reader.readDatasets(json), json);
        assertTrue(e.getMessage().contains(why), () -> "message \"" + e.getMessage() + "\" should say \"" + why + "\"");
        return e;
    }
}
