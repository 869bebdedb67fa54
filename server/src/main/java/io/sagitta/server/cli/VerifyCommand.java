package io.sagitta.server.cli;

import io.sagitta.server.Main;
import io.sagitta.server.config.SagittaConfig;
import io.sagitta.storage.index.InstanceLocation;
import java.io.PrintStream;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code verify [--config FILE] [--jobs N] [--progress|--no-progress]}: checks that every indexed
 * instance's blob exists and still has the size and CRC32C recorded when it was stored. Each
 * damaged instance is printed as it is found (study, series, SOP Instance UID, blob key, what is
 * wrong), then the counts. Exit: 0 all intact, 1 damage found, 74 some blobs or the index could not
 * be read (and no damage found), 64 usage, 75 the data directory is in use, 78 bad configuration.
 */
public final class VerifyCommand {

    static final String USAGE = "usage: java -jar sagitta.jar verify [--config FILE] [--jobs N] [--progress|--no-progress]";
    private static final int DEFAULT_JOBS = 4;

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;

    public VerifyCommand(PrintStream out, PrintStream err, Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.env = env;
    }

    public int run(String[] args) {
        CommandLine line = CommandLine.parse(args, err, "verify", USAGE, false);
        if (line == null) {
            return Main.EXIT_USAGE;
        }
        SagittaConfig config = line.loadConfig(env, err, "verify");
        if (config == null) {
            return Main.EXIT_CONFIG;
        }
        if (StorageSession.usesEmbeddedDatabase(config)) {
            Optional<String> inUse = EmbeddedDatabaseInUse.check(StorageSession.dataDir(config));
            if (inUse.isPresent()) {
                err.println("sagitta verify: " + inUse.get());
                return Main.EXIT_IN_USE;
            }
        }
        int[] exit = {0};
        StorageSession session = CommandLine.openStorage(config, err, "verify", exit);
        if (session == null) {
            return exit[0];
        }
        try {
            return verify(session, line);
        } finally {
            session.close();
        }
    }

    private int verify(StorageSession session, CommandLine line) {
        AtomicLong checked = new AtomicLong();
        LongAdder bytes = new LongAdder();
        LongAdder intact = new LongAdder();
        LongAdder damaged = new LongAdder();
        LongAdder unreadable = new LongAdder();
        String indexFailure = null;
        out.println("sagitta verify: checking " + session.description());
        out.flush();
        try (ProgressBar progress = ProgressBar.wanted(line.progress())
            ? ProgressBar.on(err, "instances", checked::get, bytes::sum, () -> damaged.sum() + " damaged")
            : ProgressBar.disabled()) {
            IndexScrub.run(session.vertx(), session.index(), session.blobs(), line.jobs(DEFAULT_JOBS), finding -> {
                if (finding.intact()) {
                    intact.increment();
                    bytes.add(finding.instance().size());
                } else {
                    (finding.damaged() ? damaged : unreadable).increment();
                    print(finding);
                }
                checked.incrementAndGet();
            }).toCompletionStage().toCompletableFuture().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            indexFailure = "interrupted";
        } catch (ExecutionException e) {
            indexFailure = CommandLine.describe(e.getCause());
        }
        out.println("sagitta verify: " + checked.get() + " instances checked: " + intact.sum() + " intact, "
            + damaged.sum() + " damaged, " + unreadable.sum() + " unreadable");
        if (indexFailure != null) {
            out.println("sagitta verify: the index could not be read to the end: " + indexFailure);
        }
        out.flush();
        if (damaged.sum() > 0) {
            return Main.EXIT_SOME_FAILED;
        }
        return unreadable.sum() > 0 || indexFailure != null ? Main.EXIT_IO : Main.EXIT_OK;
    }

    /** One line per damaged instance, printed as it is found (from the scrub's context; PrintStream is thread-safe). */
    private void print(BlobCheck.Finding finding) {
        InstanceLocation i = finding.instance();
        out.println(finding.problem().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
            + ": study " + i.studyInstanceUid() + " series " + i.seriesInstanceUid() + " instance " + i.sopInstanceUid()
            + " blob " + i.blobKey() + ": " + finding.detail());
    }
}
