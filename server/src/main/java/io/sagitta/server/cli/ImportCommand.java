package io.sagitta.server.cli;

import io.sagitta.server.Main;
import io.sagitta.server.config.SagittaConfig;
import io.sagitta.storage.store.InstanceStore;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;

/**
 * {@code import [--config FILE] [--jobs N] [--skip-non-dicom] [--progress|--no-progress] PATH...}:
 * stores every file under the given folders (and the given files) through the archive's store
 * path, several at once. It opens the storage itself, like a second archive node: with the
 * embedded database the server must not be running on the same data directory (checked), with an
 * external database it may. Exit: 0 nothing failed, 1 some files failed, 2 a path does not exist,
 * 64 usage, 75 the data directory is in use, 78 bad configuration, 74 the storage cannot be opened.
 */
public final class ImportCommand {

    static final String USAGE = "usage: java -jar sagitta.jar import [--config FILE] [--jobs N] [--skip-non-dicom]"
        + " [--progress|--no-progress] PATH...";
    private static final int DEFAULT_JOBS = 4;

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;

    public ImportCommand(PrintStream out, PrintStream err, Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.env = env;
    }

    public int run(String[] args) {
        CommandLine line = CommandLine.parse(args, err, "import", USAGE, true, "--skip-non-dicom");
        if (line == null) {
            return Main.EXIT_USAGE;
        }
        if (line.paths().isEmpty()) {
            err.println(USAGE);
            return Main.EXIT_USAGE;
        }
        for (Path path : line.paths()) {
            if (!Files.exists(path)) {
                err.println("sagitta import: " + path + ": no such file or directory");
                return Main.EXIT_BAD_INPUT;
            }
        }
        SagittaConfig config = line.loadConfig(env, err, "import");
        if (config == null) {
            return Main.EXIT_CONFIG;
        }
        if (StorageSession.usesEmbeddedDatabase(config)) {
            Optional<String> inUse = EmbeddedDatabaseInUse.check(StorageSession.dataDir(config));
            if (inUse.isPresent()) {
                err.println("sagitta import: " + inUse.get());
                return Main.EXIT_IN_USE;
            }
        }
        int[] exit = {0};
        StorageSession session = CommandLine.openStorage(config, err, "import", exit);
        if (session == null) {
            return exit[0];
        }
        try {
            return importAll(session, line);
        } finally {
            session.close();
        }
    }

    private int importAll(StorageSession session, CommandLine line) {
        ImportTally tally = new ImportTally();
        boolean skipNonDicom = line.flag("--skip-non-dicom");
        InstanceStore store = session.store();
        int jobs = line.jobs(DEFAULT_JOBS);
        Semaphore slots = new Semaphore(jobs);
        boolean showProgress = ProgressBar.wanted(line.progress());
        try (ProgressBar progress = showProgress
            ? ProgressBar.on(err, "files", tally::files, tally::bytes,
                () -> tally.count(ImportOutcome.Kind.FAILED) + " failed")
            : ProgressBar.disabled()) {
            if (showProgress) {
                // Counting first costs one directory walk and gives the bar its end.
                long[] total = {0};
                walk(line.paths(), f -> total[0]++, new ImportTally());
                progress.total(total[0]);
            }
            ImportTally walkFailures = new ImportTally();
            walk(line.paths(), file -> {
                slots.acquireUninterruptibly();
                // A new context per file spreads files over the event loops.
                Context context = session.vertx().getOrCreateContext();
                Promise<ImportOutcome> done = Promise.promise();
                context.runOnContext(v -> FileImport.run(session.vertx(), store, file, skipNonDicom).onComplete(done));
                done.future().onComplete(r -> {
                    tally.add(r.succeeded() ? r.result() : ImportOutcome.failed(file, 0, "not stored: " + r.cause()));
                    slots.release();
                });
            }, walkFailures);
            slots.acquireUninterruptibly(jobs);
            walkFailures.failures().forEach(tally::add);
        }
        report(line.paths(), session, tally);
        return tally.count(ImportOutcome.Kind.FAILED) == 0 ? Main.EXIT_OK : Main.EXIT_SOME_FAILED;
    }

    private void report(List<Path> paths, StorageSession session, ImportTally tally) {
        out.println("sagitta import: " + tally.line());
        out.println("  into " + session.description());
        if (tally.count(ImportOutcome.Kind.SKIPPED) > 0) {
            out.println("skipped:");
            tally.skips().forEach(o -> out.println("  " + o.file() + ": " + o.reason()));
        }
        if (tally.count(ImportOutcome.Kind.FAILED) > 0) {
            out.println("failed:");
            tally.failures().forEach(o -> out.println("  " + o.file() + ": " + o.reason()));
        }
        out.flush();
    }

    /**
     * Visits every regular file under the paths, in directory order, without following symbolic
     * links to directories; an unreadable directory or file is recorded in {@code failures}.
     */
    private static void walk(List<Path> paths, Consumer<Path> each, ImportTally failures) {
        for (Path root : paths) {
            try {
                Files.walkFileTree(root, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                        if (attrs.isRegularFile()) {
                            each.accept(file);
                        }
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path file, IOException e) {
                        failures.add(ImportOutcome.failed(file, 0, "cannot read: " + e.getMessage()));
                        return FileVisitResult.CONTINUE;
                    }
                });
            } catch (IOException e) {
                failures.add(ImportOutcome.failed(root, 0, "cannot read: " + e.getMessage()));
            }
        }
    }
}
