package io.sagitta.storage.db;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * A real PostgreSQL server run from the zonky binaries, with its data under the archive's data
 * directory. Starting and stopping spawn and wait for a process, so both run on a Vert.x worker
 * thread, never on an event loop. The data survives {@link #stop()}/{@link #start()} and process
 * restarts; the port is chosen once and kept.
 */
public interface EmbeddedDatabase {

    static EmbeddedDatabase create(Vertx vertx, EmbeddedDatabaseOptions options) {
        return new ZonkyEmbeddedDatabase(vertx, options);
    }

    /** Starts the server (initialising the data directory the first time); a no-op when running. */
    Future<Void> start();

    /** Stops the server, keeping its data; a no-op when stopped. */
    Future<Void> stop();

    boolean isRunning();

    /** The TCP port the server listens on (fixed for the life of this object). */
    int port();

    /** How to reach this server: {@code base} with host, port, database and user filled in. */
    DatabaseOptions connectionOptions(DatabaseOptions base);
}
