package io.sagitta.bench.jmh;

import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * CPU time of the benchmark JVM per operation, in microseconds ({@code -prof
 * io.sagitta.bench.jmh.CpuTimeProfiler}). On a machine shared with other work, wall-clock time per
 * operation includes the time the benchmark thread waited for a core; CPU time does not, so it
 * estimates what an operation costs on a quiet machine. It counts every thread of the JVM, so GC
 * work caused by the benchmark's allocations is included (and a little JIT and JMH bookkeeping).
 */
public final class CpuTimeProfiler implements InternalProfiler {

    private final com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private long startNanos;

    @Override
    public String getDescription() {
        return "process CPU time per operation (insensitive to waiting for a core)";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        startNanos = os.getProcessCpuTime();
    }

    @Override
    public Collection<? extends Result<?>> afterIteration(BenchmarkParams benchmarkParams,
                                                          IterationParams iterationParams, IterationResult result) {
        long cpuNanos = os.getProcessCpuTime() - startNanos;
        long ops = result.getMetadata().getMeasuredOps();
        if (ops <= 0 || cpuNanos < 0) {
            return List.of();
        }
        return List.of(new ScalarResult("cpu.time", cpuNanos / 1000.0 / ops, "us/op", AggregationPolicy.AVG));
    }
}
