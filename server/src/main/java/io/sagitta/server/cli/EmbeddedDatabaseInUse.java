package io.sagitta.server.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Tells whether the embedded PostgreSQL of a data directory is running, by PostgreSQL's own lock
 * file ({@code postmaster.pid}: pid on line 1, port on line 4). Commands that open the storage
 * directly cannot share the embedded database with a running {@code serve}: starting a second
 * server on the same data directory fails, so they say so in one line instead.
 */
final class EmbeddedDatabaseInUse {

    private EmbeddedDatabaseInUse() {
    }

    /** A one-line explanation when a live server holds {@code dataDir}'s database, else empty. */
    static Optional<String> check(Path dataDir) {
        Path pidFile = dataDir.resolve("postgres").resolve("postmaster.pid");
        List<String> lines;
        try {
            lines = Files.readAllLines(pidFile, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("cannot read " + pidFile + ": " + e.getMessage());
        }
        if (lines.isEmpty()) {
            return Optional.empty();
        }
        long pid;
        try {
            pid = Long.parseLong(lines.get(0).trim());
        } catch (NumberFormatException e) {
            return Optional.empty(); // half-written by a starting server or damaged; PostgreSQL decides
        }
        boolean alive = ProcessHandle.of(pid)
            .filter(ProcessHandle::isAlive)
            // A stale lock file whose pid now belongs to another program is not a running server.
            .filter(p -> p.info().command().map(c -> c.contains("postgres")).orElse(true))
            .isPresent();
        if (!alive) {
            return Optional.empty();
        }
        String port = lines.size() > 3 ? lines.get(3).trim() : "?";
        return Optional.of("the archive in " + dataDir + " is in use: its embedded PostgreSQL is running (pid " + pid
            + ", port " + port + "), most likely under 'sagitta serve'; stop the server first,"
            + " or send the files to it over C-STORE or STOW-RS");
    }
}
