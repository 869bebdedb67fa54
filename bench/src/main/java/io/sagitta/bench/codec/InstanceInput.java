package io.sagitta.bench.codec;

import io.sagitta.bench.data.SyntheticInstances;
import io.sagitta.core.io.DicomParserOptions;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One synthetic instance, how its Pixel Data is treated and how it is fed: the parameters shared by
 * the parsing benchmarks. The instance is encoded once per trial, so the 50 MiB multi-frame one is
 * built only when it is benchmarked. Sizes: CT 527,790 bytes, SMALL 11,694, MULTI_FRAME 52,444,040.
 */
@State(Scope.Benchmark)
public class InstanceInput {

    @Param({"CT", "SMALL", "MULTI_FRAME"})
    public SyntheticInstances.Kind instance;

    @Param({"SKIP", "STOP"})
    public DicomParserOptions.PixelData pixelData;

    @Param({"WHOLE", "CHUNKED_64K"})
    public Feed feed;

    byte[] bytes;
    DicomParserOptions options;

    @Setup(Level.Trial)
    public void encode() {
        bytes = instance.encode();
        options = DicomParserOptions.create().pixelData(pixelData);
    }
}
