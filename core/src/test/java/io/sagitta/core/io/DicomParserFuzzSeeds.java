package io.sagitta.core.io;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sagitta.core.testing.Dcmtk;
import io.sagitta.core.testing.DcmtkSamples;
import io.sagitta.core.testing.SampleInputs;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed corpus of {@link DicomParserFuzzTest}: valid inputs in every syntax, each followed by the four
 * control bytes the fuzz test reads (zero: default options). The files are committed; this class
 * rewrites them, and is run only when asked:
 *
 * <pre>mvn -pl core test -Dtest=DicomParserFuzzSeeds -Dsagitta.writeFuzzSeeds=true</pre>
 */
class DicomParserFuzzSeeds {

    static final String DIRECTORY = "DicomParserFuzzTestInputs/parseAnyBytes";

    /** dcmtk-made files worth seeding with (small, and each a different path through the parser). */
    private static final List<String> DCMTK_SEEDS = List.of("explicit-le-undefined-lengths",
        "explicit-le-defined-lengths-group-lengths-padding", "implicit-le", "explicit-be-with-pixels", "deflated",
        "bare-dataset-implicit-le", "rle-8bit-2-frames", "jpeg-lossless-sv1", "jpeg-baseline-img2dcm",
        "dcmodify-nested-and-private", "implicit-to-explicit-un", "un-undefined-explicit-be", "odd-lengths");

    /** Every seed input without its control bytes, from the classpath copy of the corpus. */
    static Map<String, byte[]> load() throws IOException {
        URL url = DicomParserFuzzSeeds.class.getResource(DIRECTORY);
        if (url == null) {
            throw new IllegalStateException("seed corpus " + DIRECTORY + " is not on the classpath");
        }
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
            for (Path file : files.sorted().toList()) {
                byte[] bytes = Files.readAllBytes(file);
                seeds.put(file.getFileName().toString(), java.util.Arrays.copyOf(bytes, Math.max(0, bytes.length - 4)));
            }
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        return seeds;
    }

    @Test
    @EnabledIfSystemProperty(named = "sagitta.writeFuzzSeeds", matches = "true")
    void write(@TempDir Path work) throws IOException {
        assumeTrue(Dcmtk.available(), "dcmtk is needed to make the seed corpus");
        Path out = Path.of("src/test/resources/io/sagitta/core/io").resolve(DIRECTORY);
        Files.createDirectories(out);
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        SampleInputs.all().forEach((name, bytes) -> seeds.put("hand-" + name, bytes));
        Map<String, Path> corpus = DcmtkSamples.generate(work);
        for (String name : DCMTK_SEEDS) {
            seeds.put("dcmtk-" + name, Files.readAllBytes(corpus.get(name)));
        }
        List<Path> written = new ArrayList<>();
        for (Map.Entry<String, byte[]> seed : seeds.entrySet()) {
            Path file = out.resolve(seed.getKey() + ".dcm");
            byte[] bytes = seed.getValue();
            Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length + 4));
            written.add(file);
        }
        System.out.println("wrote " + written.size() + " seeds to " + out.toAbsolutePath());
    }
}
