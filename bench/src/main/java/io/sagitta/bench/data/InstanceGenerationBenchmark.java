package io.sagitta.bench.data;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What the load tool pays to make each instance it sends ({@link SyntheticStudies#instance}):
 * the header built and encoded, the File Meta Information written; pixels are shared, not copied.
 * The tool runs on the archive's machine, so this is CPU the archive does not get.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class InstanceGenerationBenchmark {

    @Param({"small", "CT"})
    public String modality;

    private SyntheticStudies studies;
    private int next;

    @Setup
    public void setUp() {
        studies = SyntheticStudies.create(InstanceShape.preset(modality), 100, 1);
    }

    @Benchmark
    public GeneratedInstance instance() {
        int k = next++ & 0xFFFFF;
        return studies.instance(k / 100, k % 100);
    }
}
