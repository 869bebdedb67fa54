package io.sagitta.storage.index.impl;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * Whether the index database keeps a commit across a crash. A store is acknowledged once its row is
 * committed; with {@code fsync} or {@code synchronous_commit} off, a crash can take back rows that
 * were acknowledged (and the orphan sweeper would later delete their blobs). An external server is
 * the operator's to configure, so this only reports; the embedded one is started durable.
 */
final class DurabilityCheck {

    private static final String SQL = "SELECT name || '=' || setting FROM pg_settings"
        + " WHERE name IN ('fsync', 'synchronous_commit', 'full_page_writes') AND setting = 'off' ORDER BY name";

    private DurabilityCheck() {
    }

    /** The settings that are off, as {@code name=off}; empty when commits are durable. */
    static Mono<List<String>> nonDurableSettings(ConnectionFactory connections) {
        return Mono.usingWhen(connections.create(),
            c -> Sql.rows(c, SQL, row -> row.get(0, String.class)).collectList(),
            Connection::close);
    }
}
