package io.sagitta.bench.load;

import io.sagitta.bench.data.InstanceShape;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Everything a run is told on the command line, checked. Targets are separate ({@link Target}). */
public record LoadOptions(WorkloadKind workload, InstanceShape shape, int studies, int instancesPerStudy, long seed,
                          int concurrency, long count, long durationNanos, long warmupNanos, double rate, int viewers,
                          int batch, String seedVia, long maxErrors, Path json, Path html, Boolean progress) {

    /** Seconds a query or retrieve workload runs when neither --count nor --duration is given. */
    static final long DEFAULT_DURATION_NANOS = 10_000_000_000L;

    static final Set<String> VALUE_OPTIONS = Set.of("workload", "studies", "instances-per-study", "modality", "rows",
        "columns", "bits", "frames", "seed", "concurrency", "count", "duration", "warmup", "rate", "viewers", "batch",
        "seed-via", "max-errors", "json", "html");
    static final Set<String> FLAG_OPTIONS = Set.of("progress", "no-progress");

    static LoadOptions from(Args a) {
        if (!a.has("workload")) {
            throw new IllegalArgumentException("--workload is required (" + WorkloadKind.names() + ")");
        }
        WorkloadKind workload = WorkloadKind.of(a.string("workload", null));
        InstanceShape shape = shape(a);
        int studies = a.integer("studies", 10, 1, 10_000_000);
        int perStudy = a.integer("instances-per-study", 10, 1, 1_000_000);
        int concurrency = a.integer("concurrency", 4, 1, 1024);
        long count = a.longValue("count", -1);
        if (a.has("count") && count < 1) {
            throw new IllegalArgumentException("--count must be at least 1");
        }
        long duration = a.durationNanos("duration");
        if (workload == WorkloadKind.MIXED && count > 0) {
            throw new IllegalArgumentException("the mixed workload runs for a --duration, not a --count");
        }
        String seedVia = a.string("seed-via", null);
        if (seedVia != null && !seedVia.equals("dimse") && !seedVia.equals("stow")) {
            throw new IllegalArgumentException("--seed-via must be dimse or stow, not " + seedVia);
        }
        Boolean progress = a.flag("progress") ? Boolean.TRUE : a.flag("no-progress") ? Boolean.FALSE : null;
        return new LoadOptions(workload, shape, studies, perStudy, a.longValue("seed", 1), concurrency, count, duration,
            Math.max(0, a.durationNanos("warmup")), a.positiveDouble("rate", 10), a.integer("viewers", 2, 1, 1024),
            a.integer("batch", perStudy, 1, 1_000_000), seedVia, a.longValue("max-errors", 0),
            a.has("json") ? Path.of(a.string("json", null)) : null,
            a.has("html") ? Path.of(a.string("html", null)) : null, progress);
    }

    /** The instances' shape: --modality's preset, with --rows, --columns, --bits and --frames put in. */
    static InstanceShape shape(Args a) {
        InstanceShape preset = InstanceShape.preset(a.string("modality", "CT"));
        return new InstanceShape(preset.modality(), a.integer("rows", preset.rows(), 1, 65535),
            a.integer("columns", preset.columns(), 1, 65535), a.integer("bits", preset.bitsAllocated(), 8, 16),
            a.integer("frames", 1, 1, 1_000_000));
    }

    /** How long a query/retrieve (or mixed) workload runs: the count, else the duration, else 10 s. */
    LoadRunner.Limit readLimit() {
        if (count > 0) {
            return durationNanos > 0 ? new LoadRunner.Limit(count, durationNanos, 0) : LoadRunner.Limit.count(count);
        }
        return LoadRunner.Limit.duration(durationNanos > 0 ? durationNanos : DEFAULT_DURATION_NANOS);
    }

    /**
     * How long an ingest of {@code total} operations runs: all of them, or until --duration when a store or
     * stow workload is given one (seeding always stores everything).
     */
    LoadRunner.Limit ingestLimit(long total) {
        return durationNanos > 0 && workload.ingestOnly()
            ? new LoadRunner.Limit(total, durationNanos, 0) : LoadRunner.Limit.count(total);
    }

    /** Whether the workload first runs for {@code --warmup} unmeasured (see {@link Warmup}). */
    boolean warmsUp() {
        return warmupNanos > 0;
    }

    /** The run's parameters as they go into the reports. */
    Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("workload", workload.cliName());
        m.put("modality", shape.modality());
        m.put("rows", shape.rows());
        m.put("columns", shape.columns());
        m.put("bitsAllocated", shape.bitsAllocated());
        if (shape.frames() > 1) {
            m.put("frames", shape.frames());
        }
        m.put("studies", studies);
        m.put("instancesPerStudy", instancesPerStudy);
        m.put("seed", seed);
        m.put("concurrency", concurrency);
        if (count > 0) {
            m.put("count", count);
        }
        if (durationNanos > 0) {
            m.put("durationSeconds", durationNanos / 1e9);
        }
        if (warmupNanos > 0) {
            m.put("warmupSeconds", warmupNanos / 1e9);
        }
        if (workload == WorkloadKind.MIXED) {
            m.put("ingestRatePerSecond", rate);
            m.put("viewers", viewers);
        }
        if (workload == WorkloadKind.STOW) {
            m.put("instancesPerRequest", batch);
        }
        return m;
    }
}
