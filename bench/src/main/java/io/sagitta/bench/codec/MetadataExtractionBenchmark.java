package io.sagitta.bench.codec;

import io.sagitta.core.data.Dataset;
import io.sagitta.core.io.DatasetCollector;
import io.sagitta.core.io.DicomParser;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;

/**
 * What the store path pays to learn an instance's metadata: parse a Part 10 instance into a
 * {@link Dataset} with Pixel Data skipped or parsing stopped at it, bulk values only referenced
 * (never copied). Time per operation is per instance; effective bytes per second is the instance
 * size (see {@link InstanceInput}) over that time.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class MetadataExtractionBenchmark {

    @Benchmark
    public Dataset parse(InstanceInput in) {
        DatasetCollector collector = new DatasetCollector(DatasetCollector.BulkValues.REFERENCE);
        DicomParser parser = new DicomParser(in.options, collector);
        in.feed.into(parser, in.bytes);
        parser.finish();
        return collector.dataset();
    }
}
