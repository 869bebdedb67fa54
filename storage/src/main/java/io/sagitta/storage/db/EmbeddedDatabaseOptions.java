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

    /**
     * The server's own log, kept in {@code postgres/log} under the data directory: one file per weekday,
     * overwritten a week later, so it stays bounded. Without a collector the server writes to the
     * launcher's pipe, which nobody reads once the launcher has returned: its errors (a full disk, a
     * corrupt page) would be lost. Statements slower than a second are logged, without their parameters
     * (they carry patient data); so are lock waits longer than a second.
     */
    public static final Map<String, String> LOGGED = Map.of(
        "logging_collector", "on",
        "log_directory", "log",
        "log_filename", "postgresql-%a.log",
        "log_rotation_age", "1d",
        "log_rotation_size", "0",
        "log_truncate_on_rotation", "on",
        "log_min_duration_statement", "1000",
        "log_parameter_max_length", "0",
        "log_lock_waits", "on",
        "deadlock_timeout", "1s");

    /** A durable server ({@link #DURABLE}) that keeps its log ({@link #LOGGED}), under {@code dataDirectory} on a free port. */
    public static EmbeddedDatabaseOptions of(Path dataDirectory) {
        Map<String, String> config = new LinkedHashMap<>(DURABLE);
        config.putAll(LOGGED);
        return new EmbeddedDatabaseOptions(dataDirectory, 0, config, Duration.ofSeconds(30));
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

    /** Where the server's log files are ({@link #LOGGED}). */
    public Path logDirectory() {
        return postgresDirectory().resolve("log");
    }
}
