package io.sagitta.bench.codec;

import io.netty.buffer.ByteBuf;
import io.sagitta.core.data.VR;
import io.sagitta.core.io.DicomParser;
import io.sagitta.core.io.DicomStreamHandler;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;

/**
 * The parser alone, its events counted and dropped: the part of {@link MetadataExtractionBenchmark}
 * that is not building the {@code Dataset}. Subtract one from the other to see where time goes.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class ParserOnlyBenchmark {

    @Benchmark
    public long scan(InstanceInput in) {
        EventCounter counter = new EventCounter();
        DicomParser parser = new DicomParser(in.options, counter);
        in.feed.into(parser, in.bytes);
        parser.finish();
        return counter.events + parser.position();
    }

    /** Touches each value's length, so the parser's work cannot be optimised away. */
    private static final class EventCounter implements DicomStreamHandler {
        long events;

        @Override
        public void element(int tag, VR vr, ByteBuf value) {
            events += value.readableBytes();
        }

        @Override
        public void sequenceStart(int tag, VR vr, long length) {
            events++;
        }

        @Override
        public void itemStart(long length) {
            events++;
        }

        @Override
        public void itemEnd() {
            events++;
        }

        @Override
        public void sequenceEnd() {
            events++;
        }
    }
}
