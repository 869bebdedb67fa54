package io.sagitta.bench.index;

import io.r2dbc.spi.Connection;
import io.sagitta.core.data.Dataset;
import io.sagitta.core.data.Tag;
import io.sagitta.storage.db.Database;
import io.sagitta.storage.db.DatabaseOptions;
import io.sagitta.storage.db.EmbeddedDatabase;
import io.sagitta.storage.db.EmbeddedDatabaseOptions;
import io.sagitta.storage.index.IndexQuery;
import io.sagitta.storage.index.InstanceIndex;
import io.sagitta.storage.index.QueryLevel;
import io.sagitta.storage.index.impl.QuerySql;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.YearMonth;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Study-level QIDO-RS-style queries against an index of a million instances: an embedded
 * PostgreSQL is started in a temporary directory, the schema is migrated as the archive does,
 * {@link IndexFill} fills it, and each query kind runs through the real
 * {@link InstanceIndex#query} path (SQL translation, R2DBC pool, streaming, DICOM datasets with
 * the default QIDO-RS return keys, limit 100), one at a time, round-robin over the kinds, after a
 * warm-up. Latency is from the call to the last dataset received, on the calling thread.
 *
 * <pre>{@code
 * java -jar bench/target/sagitta-bench.jar index-query [--instances 1000000] [--warmup 200] [--runs 1000] [--explain]
 * }</pre>
 */
public final class IndexQueryBenchmark {

    /** What one run of the benchmark measured. */
    record Result(int instances, Duration fill, Map<String, LatencySamples> latencies) {
    }

    private final int instances;
    private final int warmup;
    private final int runs;
    private final boolean explain;
    private final PrintStream out;

    IndexQueryBenchmark(int instances, int warmup, int runs, boolean explain, PrintStream out) {
        this.instances = instances;
        this.warmup = warmup;
        this.runs = runs;
        this.explain = explain;
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        int instances = 1_000_000;
        int warmup = 200;
        int runs = 1000;
        boolean explain = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--instances" -> instances = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--explain" -> explain = true;
                default -> {
                    System.err.println("usage: index-query [--instances N] [--warmup N] [--runs N] [--explain]");
                    System.exit(2);
                }
            }
        }
        new IndexQueryBenchmark(instances, warmup, runs, explain, System.out).run();
    }

    /** The query kinds; each gets a fresh random month where it has a date range. */
    static Map<String, Function<Random, IndexQuery>> queries() {
        Map<String, Function<Random, IndexQuery>> kinds = new LinkedHashMap<>();
        kinds.put("PatientName=SMI*", r -> study().match(Tag.PatientName, "SMI*").build());
        kinds.put("StudyDate=<one month>", r -> study().match(Tag.StudyDate, month(r)).build());
        kinds.put("ModalitiesInStudy=CT", r -> study().match(Tag.ModalitiesInStudy, "CT").build());
        kinds.put("all three", r -> study().match(Tag.PatientName, "SMI*").match(Tag.StudyDate, month(r))
            .match(Tag.ModalitiesInStudy, "CT").build());
        return kinds;
    }

    private static IndexQuery.Builder study() {
        return IndexQuery.builder(QueryLevel.STUDY).defaultReturnKeys(true).limit(100);
    }

    /** A DICOM date range covering one month of the ten years filled. */
    private static String month(Random random) {
        YearMonth m = YearMonth.of(2016 + random.nextInt(10), 1 + random.nextInt(12));
        return m.atDay(1).toString().replace("-", "") + "-" + m.atEndOfMonth().toString().replace("-", "");
    }

    Result run() throws IOException {
        Path dir = Files.createTempDirectory("sagitta-index-bench");
        Vertx vertx = Vertx.vertx();
        EmbeddedDatabase server = EmbeddedDatabase.create(vertx, EmbeddedDatabaseOptions.of(dir)
            // Durability is not what is measured, and the fill should take seconds, not minutes.
            .withServerConfig("fsync", "off").withServerConfig("synchronous_commit", "off")
            .withServerConfig("full_page_writes", "off"));
        Database database = null;
        try {
            await(server.start());
            database = Database.create(vertx, server.connectionOptions(DatabaseOptions.builder()
                .poolInitialSize(1).poolMaxSize(4).statementTimeout(Duration.ofMinutes(30)).build()));
            InstanceIndex index = await(InstanceIndex.create(vertx, database));
            IndexFill fill = new IndexFill(database.connections(), instances);
            long start = System.nanoTime();
            fill.run();
            Duration filled = Duration.ofNanos(System.nanoTime() - start);
            out.printf("filled %,d instances (%,d patients, %,d studies, %,d series) in %.1f s%n", instances,
                fill.patients(), fill.studies(), fill.studies() * IndexFill.SERIES_PER_STUDY, filled.toMillis() / 1000.0);
            Map<String, LatencySamples> latencies = measure(index, vertx.getOrCreateContext());
            report(latencies);
            if (explain) {
                explainAll(database);
            }
            return new Result(instances, filled, latencies);
        } finally {
            if (database != null) {
                await(database.close());
            }
            await(server.stop());
            await(vertx.close());
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Runs the call on the event loop, as the server's doors do. */
    private static <T> Future<T> onLoop(io.vertx.core.Context loop, java.util.function.Supplier<Future<T>> call) {
        io.vertx.core.Promise<T> promise = io.vertx.core.Promise.promise();
        loop.runOnContext(v -> call.get().onComplete(promise));
        return promise.future();
    }

    private Map<String, LatencySamples> measure(InstanceIndex index, io.vertx.core.Context loop) {
        Map<String, Function<Random, IndexQuery>> kinds = queries();
        Map<String, LatencySamples> latencies = new LinkedHashMap<>();
        kinds.keySet().forEach(k -> latencies.put(k, new LatencySamples()));
        Random random = new Random(7);
        for (int round = 0; round < warmup + runs; round++) {
            for (Map.Entry<String, Function<Random, IndexQuery>> kind : kinds.entrySet()) {
                IndexQuery query = kind.getValue().apply(random);
                long start = System.nanoTime();
                List<Dataset> rows = awaitQuery(onLoop(loop, () -> index.query(query).collect(Collectors.toList())),
                    kind.getKey(), query);
                long elapsed = System.nanoTime() - start;
                if (round == 0) {
                    check(query, rows);
                }
                if (round >= warmup) {
                    latencies.get(kind.getKey()).add(elapsed, rows.size());
                }
            }
        }
        return latencies;
    }

    /** Fails the benchmark if a query answers rows that do not match it: timing a wrong answer proves nothing. */
    static void check(IndexQuery query, List<Dataset> rows) {
        if (rows.size() > query.limit()) {
            throw new IllegalStateException(query + " answered " + rows.size() + " rows, over its limit");
        }
        boolean byName = query.matches().containsKey(Tag.PatientName);
        boolean byModality = query.matches().containsKey(Tag.ModalitiesInStudy);
        String[] range = query.matches().containsKey(Tag.StudyDate) ? dateRange(query) : null;
        for (Dataset row : rows) {
            String name = row.getString(Tag.PatientName, "");
            String date = row.getString(Tag.StudyDate, "");
            String[] modalities = row.getStrings(Tag.ModalitiesInStudy);
            if ((byName && !name.toUpperCase(java.util.Locale.ROOT).startsWith("SMI"))
                || (range != null && (date.compareTo(range[0]) < 0 || date.compareTo(range[1]) > 0))
                || (byModality && (modalities == null || !List.of(modalities).contains("CT")))) {
                throw new IllegalStateException(query + " answered a row that does not match: " + name + " " + date + " "
                    + (modalities == null ? "-" : String.join("\\", modalities)));
            }
        }
    }

    private static String[] dateRange(IndexQuery query) {
        io.sagitta.storage.index.Match.DateRange r = (io.sagitta.storage.index.Match.DateRange) query.matches().get(Tag.StudyDate);
        return new String[] {r.from().toString().replace("-", ""), r.to().toString().replace("-", "")};
    }

    private void report(Map<String, LatencySamples> latencies) {
        out.printf("%n%-24s %8s %8s %8s %8s %8s %10s%n", "study-level query", "runs", "p50 ms", "p90 ms", "p99 ms", "max ms",
            "rows/run");
        for (Map.Entry<String, LatencySamples> e : latencies.entrySet()) {
            LatencySamples s = e.getValue();
            out.printf("%-24s %8d %8.2f %8.2f %8.2f %8.2f %10.1f%n", e.getKey(), s.count(), s.percentileMillis(50),
                s.percentileMillis(90), s.percentileMillis(99), s.percentileMillis(100), s.meanRows());
        }
    }

    /** EXPLAIN ANALYZE of each kind's statement, as the index translates it, for one random month. */
    private void explainAll(Database database) {
        Random random = new Random(11);
        for (Map.Entry<String, Function<Random, IndexQuery>> kind : queries().entrySet()) {
            QuerySql.Statement statement = QuerySql.translate(kind.getValue().apply(random));
            List<String> plan = Mono.usingWhen(database.connections().create(), c -> explain(c, statement),
                Connection::close).block(Duration.ofMinutes(5));
            out.println("-- " + kind.getKey() + "\n" + statement.sql() + "\n" + java.util.Arrays.deepToString(statement.params().toArray()));
            plan.forEach(line -> out.println("   " + line));
        }
    }

    private static Mono<List<String>> explain(Connection c, QuerySql.Statement statement) {
        io.r2dbc.spi.Statement s = c.createStatement("EXPLAIN (ANALYZE, BUFFERS) " + statement.sql());
        List<Object> params = statement.params();
        for (int i = 0; i < params.size(); i++) {
            s.bind(i, params.get(i));
        }
        return Flux.from(s.execute()).concatMap(r -> r.map((row, meta) -> row.get(0, String.class))).collectList();
    }

    /**
     * A query's rows, failing the benchmark with the query named if they do not come within a
     * minute: a lost answer must be reported, not waited for.
     */
    private static <T> T awaitQuery(Future<T> future, String kind, IndexQuery query) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("no answer within 60 s to the query " + kind + ": " + query);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.MINUTES);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
