package io.sagitta.bench.load;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * The report as JSON: {@code target}, {@code config}, {@code machine}, {@code operations} (each with
 * counts, rates, {@code latencyMs} percentiles, {@code errors} by kind and a per-second
 * {@code timeline} of instances), {@code errors}, {@code passed}.
 */
final class JsonReport {

    static final int MAX_TIMELINE_SECONDS = 600;

    private JsonReport() {
    }

    static JsonObject of(LoadReport r) {
        JsonObject json = new JsonObject()
            .put("tool", "sagitta-bench load")
            .put("target", r.target())
            .put("started", r.started().toString())
            .put("uidRoot", r.uidRoot())
            .put("config", new JsonObject(new java.util.LinkedHashMap<>(r.config())))
            .put("machine", machine())
            .put("floorStudiesPerDay", LoadReport.FLOOR_STUDIES_PER_DAY);
        JsonArray operations = new JsonArray();
        for (OperationStats s : r.operations()) {
            operations.add(operation(r, s));
        }
        return json.put("operations", operations)
            .put("errors", r.errors())
            .put("maxErrors", r.maxErrors())
            .put("aborted", r.aborted())
            .put("passed", r.passed());
    }

    private static JsonObject operation(LoadReport r, OperationStats s) {
        LatencyRecorder l = s.latencies();
        JsonObject errors = new JsonObject();
        for (Map.Entry<String, Long> e : s.errors().entrySet()) {
            errors.put(e.getKey(), new JsonObject().put("count", e.getValue()).put("first", s.firstMessage(e.getKey())));
        }
        JsonArray timeline = new JsonArray();
        int seconds = (int) Math.min(MAX_TIMELINE_SECONDS, Math.ceil(s.elapsedSeconds()));
        for (long v : s.timeline(seconds)) {
            timeline.add(v);
        }
        return new JsonObject()
            .put("name", s.name())
            .put("succeeded", s.succeeded())
            .put("failed", s.errorCount())
            .put("instances", s.instances())
            .put("bytes", s.bytes())
            .put("elapsedSeconds", s.elapsedSeconds())
            .put("operationsPerSecond", s.operationsPerSecond())
            .put("instancesPerSecond", s.instancesPerSecond())
            .put("megabytesPerSecond", s.megabytesPerSecond())
            .put("studiesPerDay", r.studiesPerDay(s))
            .put("latencyMs", new JsonObject()
                .put("min", l.minNanos() / 1e6)
                .put("mean", l.meanNanos() / 1e6)
                .put("p50", l.percentileNanos(50) / 1e6)
                .put("p95", l.percentileNanos(95) / 1e6)
                .put("p99", l.percentileNanos(99) / 1e6)
                .put("max", l.maxNanos() / 1e6))
            .put("errors", errors)
            .put("instancesPerSecondTimeline", timeline);
    }

    static JsonObject machine() {
        return new JsonObject()
            .put("cores", Runtime.getRuntime().availableProcessors())
            .put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"))
            .put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"))
            .put("maxHeapMiB", Runtime.getRuntime().maxMemory() / (1024 * 1024));
    }
}
