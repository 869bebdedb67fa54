package io.sagitta.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.sagitta.core.testing.ParserRuns;
import io.sagitta.core.testing.ParserRuns.Outcome;
import io.sagitta.core.testing.SampleInputs;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The parser's output must not depend on how its input is split: every sample, under every Pixel Data
 * mode and a few bulk thresholds, gives the same events fed whole, one byte at a time, and in random
 * chunks.
 */
class DicomParserSplitTest {

    static Stream<Arguments> inputs() {
        List<Arguments> args = new ArrayList<>();
        for (Map.Entry<String, byte[]> e : SampleInputs.all().entrySet()) {
            for (DicomParserOptions.PixelData mode : DicomParserOptions.PixelData.values()) {
                for (int threshold : new int[] {0, 5, 64 * 1024}) {
                    args.add(Arguments.of(e.getKey(), mode, threshold, e.getValue()));
                }
            }
        }
        return args.stream();
    }

    @ParameterizedTest(name = "{0} {1} bulk={2}")
    @MethodSource("inputs")
    void everySplitGivesTheSameEvents(String name, DicomParserOptions.PixelData mode, int threshold, byte[] input) {
        DicomParserOptions options = DicomParserOptions.create().pixelData(mode).bulkThreshold(threshold);
        Outcome whole = ParserRuns.whole(input, options);
        assertFalse(whole.failed(), () -> name + " failed: " + whole);
        assertEquals("end", whole.events().get(whole.events().size() - 1));

        assertEquals(whole.toString(), ParserRuns.bytewise(input, options).toString(), "byte by byte");
        for (long seed = 1; seed <= 5; seed++) {
            assertEquals(whole.toString(), ParserRuns.chunked(input, options, seed, 1 + (int) seed * 7).toString(),
                "random chunks, seed " + seed);
        }
        assertEquals(whole.toString(), ParserRuns.chunked(input, options, 42, 200).toString(), "large chunks");
    }
}
