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

    /**
     * The settings that make a commit survive a crash or a power cut, set explicitly: the embedded
     * binaries' launcher otherwise starts the server with {@code fsync=off} and
     * {@code synchronous_commit=off} (defaults meant for tests), under which an acknowledged store
     * could vanish from the index, or the whole index be corrupted, after a crash.
     */
    public static final Map<String, String> DURABLE = Map.of(
        "fsync", "on", "synchronous_commit", "on", "full_page_writes", "on");

    /** A durable server ({@link #DURABLE}) under {@code dataDirectory} on a free port. */
    public static EmbeddedDatabaseOptions of(Path dataDirectory) {
        return new EmbeddedDatabaseOptions(dataDirectory, 0, DURABLE, Duration.ofSeconds(30));
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
