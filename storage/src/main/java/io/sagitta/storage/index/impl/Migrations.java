package io.sagitta.storage.index.impl;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Brings the schema up to date: the SQL files listed in {@code migrations/migrations.txt}
 * ({@code V<n>__<what>.sql}) are applied in order, those not yet in {@code schema_version}, in one
 * transaction that first takes a transaction-scoped advisory lock. A second node starting at the
 * same moment waits on the lock and then finds everything applied; a failed migration rolls back
 * whole. A database whose schema is newer than this build is refused.
 */
final class Migrations {

    private static final String FOLDER = "/io/sagitta/storage/index/migrations/";
    private static final Pattern NAME = Pattern.compile("V(\\d+)__([A-Za-z0-9_]+)\\.sql");

    record Migration(int version, String description, String sql) {
    }

    private Migrations() {
    }

    /** The migrations shipped with this build, in order (reads class-path resources: call off the event loop). */
    static List<Migration> load() {
        List<Migration> out = new ArrayList<>();
        for (String line : read("migrations.txt").split("\n")) {
            String name = line.trim();
            if (name.isEmpty() || name.startsWith("#")) {
                continue;
            }
            Matcher m = NAME.matcher(name);
            if (!m.matches()) {
                throw new IllegalStateException("badly named migration " + name);
            }
            int version = Integer.parseInt(m.group(1));
            if (version != out.size() + 1) {
                throw new IllegalStateException("migration " + name + " is out of sequence: expected V" + (out.size() + 1));
            }
            out.add(new Migration(version, m.group(2).replace('_', ' '), read(name)));
        }
        return out;
    }

    private static String read(String name) {
        try (InputStream in = Migrations.class.getResourceAsStream(FOLDER + name)) {
            if (in == null) {
                throw new IllegalStateException("missing migration resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Applies what is missing; emits the versions applied now (empty when the schema was current). */
    static Mono<List<Integer>> apply(ConnectionFactory connections, List<Migration> migrations) {
        return Mono.usingWhen(connections.create(), c -> inTransaction(c, migrations), Connection::close);
    }

    private static Mono<List<Integer>> inTransaction(Connection c, List<Migration> migrations) {
        Mono<List<Integer>> work = run(c, "SELECT pg_advisory_xact_lock(hashtext('sagitta.index.migrations.' || current_schema()))")
            .then(run(c, "CREATE TABLE IF NOT EXISTS schema_version ("
                + "version integer PRIMARY KEY, description text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())"))
            .then(Flux.from(c.createStatement("SELECT version FROM schema_version").execute())
                .flatMap(r -> r.map((row, meta) -> row.get(0, Integer.class)))
                .collectList())
            .flatMap(applied -> applyMissing(c, migrations, new HashSet<>(applied)));
        return Mono.from(c.beginTransaction())
            .then(work)
            .flatMap(applied -> Mono.from(c.commitTransaction()).thenReturn(applied))
            .onErrorResume(e -> Mono.from(c.rollbackTransaction()).onErrorResume(x -> Mono.empty()).then(Mono.error(e)));
    }

    private static Mono<List<Integer>> applyMissing(Connection c, List<Migration> migrations, Set<Integer> applied) {
        int newest = applied.stream().mapToInt(Integer::intValue).max().orElse(0);
        if (newest > migrations.size()) {
            return Mono.error(new IllegalStateException("the index schema is at version " + newest
                + ", newer than this build knows (" + migrations.size() + "): refusing to run an older Sagitta on it"));
        }
        List<Integer> done = new ArrayList<>();
        Mono<Void> chain = Mono.empty();
        for (Migration m : migrations) {
            if (applied.contains(m.version())) {
                continue;
            }
            chain = chain
                .then(run(c, m.sql()))
                .then(Flux.from(c.createStatement("INSERT INTO schema_version (version, description) VALUES ($1, $2)")
                    .bind(0, m.version()).bind(1, m.description()).execute())
                    .flatMap(r -> r.getRowsUpdated()).then())
                .doOnSuccess(v -> done.add(m.version()));
        }
        return chain.then(Mono.fromSupplier(() -> done));
    }

    /** Runs SQL without parameters (simple protocol: a script may hold several statements). */
    private static Mono<Void> run(Connection c, String sql) {
        return Flux.from(c.createStatement(sql).execute()).flatMap(r -> r.getRowsUpdated()).then();
    }
}
