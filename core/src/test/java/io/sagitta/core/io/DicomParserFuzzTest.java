package io.sagitta.core.io;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing of the parser with Jazzer ({@code jazzer-junit}).
 *
 * <p>In a normal {@code mvn test} (no {@code JAZZER_FUZZ}) this runs in regression mode: once per file
 * in {@code src/test/resources/io/sagitta/core/io/DicomParserFuzzTestInputs/parseAnyBytes/} (valid
 * files in every syntax, made by dcmtk and by hand; see {@link DicomParserFuzzSeeds}) and for the empty
 * input. To fuzz for real:
 *
 * <pre>JAZZER_FUZZ=1 mvn -pl core test -Dtest=DicomParserFuzzTest
 * JAZZER_FUZZ=1 JAZZER_MAX_DURATION=10m mvn -pl core test -Dtest=DicomParserFuzzTest   # longer than 20 s</pre>
 *
 * <p>Nothing in the build is needed for either mode on JDK 17: the JUnit extension attaches Jazzer's
 * agent to the running test JVM itself (hence the "bootstrap classpath has been appended" warning) and
 * instruments the classes it loads. Fuzzing keeps what it finds interesting in {@code core/.cifuzz-corpus/}
 * (git-ignored) and writes a crashing input into the resources directory above as {@code crash-<sha1>},
 * where, once committed, it becomes a regression case. The {@link DicomParserMutationTest} applies the
 * same property to 20,000 fixed mutations on every run, without the engine.
 *
 * <p>Input layout, as FuzzedDataProvider reads it: the last four bytes are an int that picks the parser
 * options and the second split (all zero: the defaults, and a byte-by-byte split); everything before
 * them is the DICOM input.
 */
class DicomParserFuzzTest {

    @FuzzTest(maxDuration = "20s")
    void parseAnyBytes(FuzzedDataProvider data) {
        int control = data.consumeInt();
        byte[] input = data.consumeRemainingAsBytes();
        ParserRobustness.check(input, control);
    }
}
