package io.sagitta.storage.db;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How the embedded PostgreSQL runs: its files live in {@code dataDirectory/postgres} and are kept
 * across restarts; {@code port} 0 picks a free port once, which the server then keeps for every
 * restart of the same {@link EmbeddedDatabase} (so pooled clients reconnect to the same address).
 */
public record EmbeddedDatabaseOptions(Path dataDirectory, int port, Map<String, String> serverConfig, Duration startupWait) {

    public EmbeddedDatabaseOptions {
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535: " + port);
        }
        serverConfig = Map.copyOf(serverConfig);
        Objects.requireNonNull(startupWait, "startupWait");
    }

    /** A server under {@code dataDirectory} on a free port with PostgreSQL's defaults. */
    public static EmbeddedDatabaseOptions of(Path dataDirectory) {
        return new EmbeddedDatabaseOptions(dataDirectory, 0, Map.of(), Duration.ofSeconds(30));
    }

    public EmbeddedDatabaseOptions withPort(int port) {
        return new EmbeddedDatabaseOptions(dataDirectory, port, serverConfig, startupWait);
    }

    /** Adds a {@code postgresql.conf} setting, e.g. {@code max_connections}. */
    public EmbeddedDatabaseOptions withServerConfig(String key, String value) {
        Map<String, String> config = new LinkedHashMap<>(serverConfig);
        config.put(key, value);
        return new EmbeddedDatabaseOptions(dataDirectory, port, config, startupWait);
    }

    /** The PostgreSQL data directory itself. */
    public Path postgresDirectory() {
        return dataDirectory.resolve("postgres");
    }
}
