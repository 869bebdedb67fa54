package io.sagitta.bench.codec;

import io.sagitta.bench.data.CtHeader;
import io.sagitta.bench.data.SyntheticInstances;
import io.sagitta.core.data.Dataset;
import io.sagitta.core.data.Tag;
import io.sagitta.core.io.DatasetCollector;
import io.sagitta.core.io.DicomFiles;
import io.sagitta.core.io.DicomParserOptions;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * The dataset model on its own: building the CT header with the typed setters (what code that
 * makes instances pays), and reading the attributes the index keeps from a parsed one (what the
 * store path pays after parsing).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class DatasetBenchmark {

    private Dataset parsed;

    @Setup(Level.Trial)
    public void parse() {
        parsed = DicomFiles.parse(SyntheticInstances.Kind.CT.encode(),
            DicomParserOptions.create().pixelData(DicomParserOptions.PixelData.STOP),
            DatasetCollector.BulkValues.REFERENCE).dataset();
    }

    /** About 130 elements, UIDs drawn from a seeded generator, numbers formatted as DS/IS text. */
    @Benchmark
    public Dataset buildCtHeader() {
        return CtHeader.ctImage(512, 512);
    }

    /** Patient, study, series and instance attributes of the kind the index stores, decoded to Java values. */
    @Benchmark
    public void readIndexAttributes(Blackhole bh) {
        Dataset d = parsed;
        bh.consume(d.getString(Tag.PatientID));
        bh.consume(d.getString(Tag.IssuerOfPatientID));
        bh.consume(d.getString(Tag.PatientName));
        bh.consume(d.getDate(Tag.PatientBirthDate));
        bh.consume(d.getString(Tag.PatientSex));
        bh.consume(d.getString(Tag.StudyInstanceUID));
        bh.consume(d.getDateTime(Tag.StudyDate, Tag.StudyTime));
        bh.consume(d.getString(Tag.AccessionNumber));
        bh.consume(d.getString(Tag.StudyID));
        bh.consume(d.getString(Tag.StudyDescription));
        bh.consume(d.getString(Tag.ReferringPhysicianName));
        bh.consume(d.getString(Tag.SeriesInstanceUID));
        bh.consume(d.getString(Tag.Modality));
        bh.consume(d.getInt(Tag.SeriesNumber, -1));
        bh.consume(d.getString(Tag.SeriesDescription));
        bh.consume(d.getString(Tag.BodyPartExamined));
        bh.consume(d.getString(Tag.SOPClassUID));
        bh.consume(d.getString(Tag.SOPInstanceUID));
        bh.consume(d.getInt(Tag.InstanceNumber, -1));
        bh.consume(d.getInt(Tag.Rows, -1));
        bh.consume(d.getInt(Tag.Columns, -1));
        bh.consume(d.getInt(Tag.NumberOfFrames, 1));
    }
}
