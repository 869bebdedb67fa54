package io.sagitta.server.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sagitta.storage.index.QueryLevel;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * Sagitta's meters in one Prometheus registry, under names that are part of the product (the README lists
 * them; a renamed series breaks someone's dashboard). The doors' meters are made once, here, for every door
 * and outcome, so that recording is a field read and an add (no lookup, no allocation on the store path), and
 * so that every series exists from the start at 0 (a rate over a series that appears late is wrong).
 *
 * <p>JVM meters (memory, GC, threads, class loading, CPU, uptime) are Micrometer's own, under their usual
 * {@code jvm_}/{@code process_}/{@code system_} names.
 */
public final class ArchiveMetrics implements AutoCloseable {

    /** Where instances come in. */
    // No door for `import`: it runs as its own process, whose counters no one scrapes.
    public enum StoreDoor { DIMSE, STOW }

    /** Where instances go out: C-MOVE, C-GET, WADO-RS and WADO-URI. */
    public enum RetrieveDoor { DIMSE_MOVE, DIMSE_GET, WADO }

    /** Where queries come in: C-FIND and QIDO-RS. */
    public enum QueryDoor { DIMSE, QIDO }

    /** How one store request (a C-STORE, a STOW-RS request) ended. */
    public enum Outcome { SUCCESS, PARTIAL, FAILURE }

    /** Query latency buckets: a cached answer to a slow scan. */
    private static final Duration[] QUERY_BUCKETS = {
        Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
        Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
        Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10)};

    /** Store phase buckets: a group-committed index call to a disk stalled on fsync. */
    private static final Duration[] PHASE_BUCKETS = {
        Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10),
        Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
        Duration.ofSeconds(1), Duration.ofSeconds(5)};

    private final PrometheusMeterRegistry registry;
    private final JvmGcMetrics gc;
    private final Map<StoreDoor, Counter> instancesStored = new EnumMap<>(StoreDoor.class);
    private final Map<StoreDoor, Counter> bytesStored = new EnumMap<>(StoreDoor.class);
    private final Map<StoreDoor, Map<Outcome, Counter>> storeRequests = new EnumMap<>(StoreDoor.class);
    private final Map<RetrieveDoor, Counter> instancesRetrieved = new EnumMap<>(RetrieveDoor.class);
    private final Map<RetrieveDoor, Counter> bytesRetrieved = new EnumMap<>(RetrieveDoor.class);
    private final Map<QueryDoor, Map<QueryLevel, Timer>> queries = new EnumMap<>(QueryDoor.class);
    private final Timer storeDurable;
    private final Timer storeIndexed;
    private final Counter associationsAccepted;
    private final Counter associationsRejected;

    private ArchiveMetrics(PrometheusMeterRegistry registry, boolean jvm) {
        this.registry = registry;
        for (StoreDoor door : StoreDoor.values()) {
            instancesStored.put(door, Counter.builder("sagitta.instances.stored").tag("door", tag(door))
                .description("Instances stored (new, duplicate or replacing)").register(registry));
            bytesStored.put(door, Counter.builder("sagitta.stored").baseUnit("bytes").tag("door", tag(door))
                .description("Bytes of the instances stored, as kept (Part 10 files)").register(registry));
            Map<Outcome, Counter> byOutcome = new EnumMap<>(Outcome.class);
            for (Outcome outcome : Outcome.values()) {
                byOutcome.put(outcome, Counter.builder("sagitta.store.requests").tag("door", tag(door))
                    .tag("outcome", tag(outcome))
                    .description("C-STORE requests and STOW-RS requests (partial: some parts failed)")
                    .register(registry));
            }
            storeRequests.put(door, byOutcome);
        }
        for (RetrieveDoor door : RetrieveDoor.values()) {
            instancesRetrieved.put(door, Counter.builder("sagitta.instances.retrieved").tag("door", tag(door))
                .description("Instances sent whole (C-MOVE/C-GET sub-operations, WADO-RS/WADO-URI)").register(registry));
            bytesRetrieved.put(door, Counter.builder("sagitta.retrieved").baseUnit("bytes").tag("door", tag(door))
                .description("Bytes sent by retrievals (stored blobs; WADO: response bodies)").register(registry));
        }
        for (QueryDoor door : QueryDoor.values()) {
            Map<QueryLevel, Timer> byLevel = new EnumMap<>(QueryLevel.class);
            for (QueryLevel level : QueryLevel.values()) {
                byLevel.put(level, Timer.builder("sagitta.query.duration").tag("door", tag(door))
                    .tag("level", tag(level))
                    .description("Time from a query's request to its last result sent")
                    .serviceLevelObjectives(QUERY_BUCKETS)
                    .register(registry));
            }
            queries.put(door, byLevel);
        }
        storeDurable = Timer.builder("sagitta.store.phase.duration").tag("phase", "durable")
            .description("Per stored instance: from its last bytes to the blob being durable (fsync, rename), "
                + "or the index call that recorded it (phase=index)")
            .serviceLevelObjectives(PHASE_BUCKETS).register(registry);
        storeIndexed = Timer.builder("sagitta.store.phase.duration").tag("phase", "index")
            .description("Per stored instance: from its last bytes to the blob being durable (fsync, rename), "
                + "or the index call that recorded it (phase=index)")
            .serviceLevelObjectives(PHASE_BUCKETS).register(registry);
        associationsAccepted = Counter.builder("sagitta.associations").tag("outcome", "accepted")
            .description("DIMSE associations requested").register(registry);
        associationsRejected = Counter.builder("sagitta.associations").tag("outcome", "rejected")
            .description("DIMSE associations requested").register(registry);
        if (jvm) {
            new JvmMemoryMetrics().bindTo(registry);
            new JvmThreadMetrics().bindTo(registry);
            new ClassLoaderMetrics().bindTo(registry);
            new ProcessorMetrics().bindTo(registry);
            new UptimeMetrics().bindTo(registry);
            gc = new JvmGcMetrics();
            gc.bindTo(registry);
        } else {
            gc = null;
        }
    }

    public static ArchiveMetrics create() {
        return new ArchiveMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), true);
    }

    /** Sagitta's meters without the JVM's, for a service used on its own (tests, tools) where nobody scrapes. */
    public static ArchiveMetrics unpublished() {
        return new ArchiveMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), false);
    }

    /** For binding more meters (Micrometer binders, {@link CacheMetrics}, ...). */
    public MeterRegistry registry() {
        return registry;
    }

    /** Prometheus text exposition format 0.0.4. Calls every gauge: run it off the event loop. */
    public String scrape() {
        return registry.scrape();
    }

    // ------------------------------------------------------------------ recording

    public void stored(StoreDoor door, long bytes) {
        instancesStored.get(door).increment();
        bytesStored.get(door).increment(bytes);
    }

    /** Where one stored instance's time went after its last bytes arrived (see StoredInstance). */
    public void storePhases(long durableNanos, long indexNanos) {
        storeDurable.record(durableNanos, TimeUnit.NANOSECONDS);
        storeIndexed.record(indexNanos, TimeUnit.NANOSECONDS);
    }

    public void storeRequest(StoreDoor door, Outcome outcome) {
        storeRequests.get(door).get(outcome).increment();
    }

    public void retrieved(RetrieveDoor door, long bytes) {
        instancesRetrieved.get(door).increment();
        bytesRetrieved.get(door).increment(bytes);
    }

    /** An instance sent whole whose bytes are counted with {@link #retrievedBytes} (WADO's response bodies). */
    public void instanceRetrieved(RetrieveDoor door) {
        instancesRetrieved.get(door).increment();
    }

    /** Bytes sent, counted apart from instances (WADO: whole response bodies, frames and metadata too). */
    public void retrievedBytes(RetrieveDoor door, long bytes) {
        bytesRetrieved.get(door).increment(bytes);
    }

    public void queried(QueryDoor door, QueryLevel level, long nanos) {
        queries.get(door).get(level).record(nanos, TimeUnit.NANOSECONDS);
    }

    public void association(boolean accepted) {
        (accepted ? associationsAccepted : associationsRejected).increment();
    }

    // ------------------------------------------------------------------ gauges read at scrape time

    public void associationsActive(IntSupplier active) {
        Gauge.builder("sagitta.associations.active", active::getAsInt)
            .description("DIMSE associations open now").register(registry);
    }

    public void httpConnectionsActive(IntSupplier active) {
        Gauge.builder("sagitta.http.connections.active", active::getAsInt)
            .description("HTTP connections open now").register(registry);
    }

    /** See {@link CacheMetrics}. */
    public void cache(String name, Supplier<CacheMetrics.Counts> counts) {
        CacheMetrics.bind(registry, name, counts);
    }

    @Override
    public void close() {
        if (gc != null) {
            gc.close();
        }
        registry.close();
    }

    static String tag(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
