package io.sagitta.bench.codec;

import io.sagitta.bench.data.StudyResult;
import io.sagitta.bench.data.SyntheticInstances;
import io.sagitta.core.data.Dataset;
import io.sagitta.core.data.Tag;
import io.sagitta.core.data.Tags;
import io.sagitta.core.io.DatasetCollector;
import io.sagitta.core.io.DicomFiles;
import io.sagitta.core.io.DicomParserOptions;
import io.sagitta.core.json.DicomJsonOptions;
import io.sagitta.core.json.DicomJsonWriter;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * DICOM JSON (PS3.18 F.2) encoding, what WADO-RS metadata and QIDO-RS pay per dataset: the parsed
 * CT header, Pixel Data as a BulkDataURI, and one QIDO-RS study result of 21 attributes. Each
 * operation appends one JSON object to a reused {@link StringBuilder}, so the time is the encoder's,
 * not the builder's growth. The setup prints each document's size: MB/s of JSON is that size over
 * the time per operation (bytes per µs = MB/s), given in {@code bench/RESULTS.md}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Thread)
public class JsonEncodingBenchmark {

    /** What a WADO-RS route would serve: the instance's bulk data under its own URL. */
    static final DicomJsonOptions OPTIONS = DicomJsonOptions.builder()
        .bulkDataUris((itemPath, tag, vr) -> itemPath.isEmpty()
            ? "http://localhost:8080/dicomweb/studies/1/series/2/instances/3/bulkdata/" + Tags.toHex(tag) : null)
        .build();

    private final DicomJsonWriter writer = DicomJsonWriter.create(OPTIONS);
    private final StringBuilder out = new StringBuilder(64 * 1024);
    Dataset ct;
    Dataset study;

    @Setup(Level.Trial)
    public void prepare() {
        ct = DicomFiles.parse(SyntheticInstances.Kind.CT.encode(),
            DicomParserOptions.create().pixelData(DicomParserOptions.PixelData.SKIP),
            DatasetCollector.BulkValues.REFERENCE).dataset();
        study = StudyResult.of(ct);
        System.out.printf("JSON bytes: ctHeader %d, studyResult %d%n", writer.toJson(ct).length(),
            writer.toJson(study).length());
        if (!ct.contains(Tag.PixelData)) {
            throw new IllegalStateException("the CT header should reference its Pixel Data");
        }
    }

    /** About 140 attributes in five sequences, a 512-byte private OB inline (base64), Pixel Data by URI. */
    @Benchmark
    public int ctHeader() throws IOException {
        return encode(ct);
    }

    /** Text, dates, person names, UIDs and IS numbers: what a study search returns per match. */
    @Benchmark
    public int studyResult() throws IOException {
        return encode(study);
    }

    private int encode(Dataset dataset) throws IOException {
        out.setLength(0);
        writer.write(dataset, out);
        return out.length();
    }
}
