package io.sagitta.server.cli;

import io.sagitta.server.Main;
import io.sagitta.server.config.ConfigException;
import io.sagitta.server.config.SagittaConfig;
import io.vertx.core.Future;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;

/**
 * The arguments the storage commands ({@code import}, {@code verify}) share: {@code --config FILE},
 * {@code --jobs N}, {@code --progress}/{@code --no-progress}, command-specific flags and paths.
 */
final class CommandLine {

    static final int MAX_JOBS = 256;

    private final Path configFile;
    private final Integer jobs;
    private final Boolean progress;
    private final Set<String> flags;
    private final List<Path> paths;

    private CommandLine(Path configFile, Integer jobs, Boolean progress, Set<String> flags, List<Path> paths) {
        this.configFile = configFile;
        this.jobs = jobs;
        this.progress = progress;
        this.flags = flags;
        this.paths = paths;
    }

    /** Parses; on a bad argument prints why and the usage to {@code err} and answers null. */
    static CommandLine parse(String[] args, PrintStream err, String command, String usage, boolean takesPaths,
                             String... knownFlags) {
        Path configFile = null;
        Integer jobs = null;
        Boolean progress = null;
        Set<String> flags = new HashSet<>();
        List<Path> paths = new ArrayList<>();
        Set<String> known = Set.of(knownFlags);
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--config") && i + 1 < args.length) {
                configFile = Path.of(args[++i]);
            } else if (arg.equals("--jobs") && i + 1 < args.length) {
                try {
                    jobs = Integer.parseInt(args[++i]);
                } catch (NumberFormatException e) {
                    jobs = -1;
                }
                if (jobs < 1 || jobs > MAX_JOBS) {
                    err.println("sagitta " + command + ": --jobs must be a number from 1 to " + MAX_JOBS);
                    err.println(usage);
                    return null;
                }
            } else if (arg.equals("--progress") || arg.equals("--no-progress")) {
                progress = arg.equals("--progress");
            } else if (known.contains(arg)) {
                flags.add(arg);
            } else if (takesPaths && !arg.startsWith("-")) {
                paths.add(Path.of(arg));
            } else {
                err.println("sagitta " + command + ": unexpected argument '" + arg + "'");
                err.println(usage);
                return null;
            }
        }
        return new CommandLine(configFile, jobs, progress, flags, paths);
    }

    List<Path> paths() {
        return paths;
    }

    boolean flag(String name) {
        return flags.contains(name);
    }

    int jobs(int otherwise) {
        return jobs != null ? jobs : otherwise;
    }

    /** True or false when asked for on the command line, null to decide by the terminal. */
    Boolean progress() {
        return progress;
    }

    /** The configuration as {@code serve} would load it; null (after one line on err) when it is bad. */
    SagittaConfig loadConfig(Map<String, String> env, PrintStream err, String command) {
        try {
            SagittaConfig config = SagittaConfig.load(configFile, env);
            config.warnings().forEach(w -> err.println("sagitta " + command + ": warning: " + w));
            return config;
        } catch (ConfigException e) {
            err.println("sagitta " + command + ": " + e.getMessage());
            return null;
        }
    }

    /**
     * Opens the storage, or says in one line on err why not and answers null with the exit code in
     * {@code exit[0]}: bad configuration (78) or storage that cannot be reached (74).
     */
    static StorageSession openStorage(SagittaConfig config, PrintStream err, String command, int[] exit) {
        StorageSession session = StorageSession.create(config);
        try {
            session.open().toCompletionStage().toCompletableFuture().get();
            return session;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("sagitta " + command + ": interrupted");
            exit[0] = Main.EXIT_IO;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            boolean badConfig = cause instanceof IllegalArgumentException;
            err.println("sagitta " + command + ": " + (badConfig ? "bad configuration: " : "cannot open the archive's storage: ")
                + describe(cause));
            exit[0] = badConfig ? Main.EXIT_CONFIG : Main.EXIT_IO;
        }
        session.close();
        return null;
    }

    /**
     * Waits (at most a minute) for a closing future from a command's own thread, never an event
     * loop; failures are ignored: there is nothing more to do about them.
     */
    static void await(Future<?> future) {
        try {
            future.toCompletionStage().toCompletableFuture().get(60, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            // closing: nothing more to do about it
        }
    }

    static String describe(Throwable t) {
        String message = t.getMessage();
        return message == null ? t.getClass().getSimpleName() : message.replace('\n', ' ');
    }
}
