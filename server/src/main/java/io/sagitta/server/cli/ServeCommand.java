package io.sagitta.server.cli;

import io.sagitta.server.Archive;
import io.sagitta.server.Main;
import io.sagitta.server.config.ConfigException;
import io.sagitta.server.config.ConfigKeys;
import io.sagitta.server.config.SagittaConfig;
import io.sagitta.server.logging.LogFormat;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code serve [--config FILE]}: runs the archive until SIGTERM or Ctrl-C, then stops accepting,
 * lets associations and requests in flight finish (up to a grace period) and closes storage.
 */
public final class ServeCommand {

    /** How long a stop waits for work in flight before closing what is left. */
    static final Duration GRACE = Duration.ofSeconds(20);
    private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "::1", "[::1]");

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;

    public ServeCommand(PrintStream out, PrintStream err, Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.env = env;
    }

    public int run(String[] args) {
        Path configFile = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                configFile = Path.of(args[++i]);
            } else {
                err.println("sagitta serve: unexpected argument '" + args[i] + "'");
                err.println("usage: java -jar sagitta.jar [serve] [--config FILE]");
                return Main.EXIT_USAGE;
            }
        }
        SagittaConfig config;
        try {
            config = SagittaConfig.load(configFile, env);
        } catch (ConfigException e) {
            err.println("sagitta: " + e.getMessage());
            return Main.EXIT_CONFIG;
        }
        config.warnings().forEach(w -> err.println("sagitta: warning: " + w));
        LogFormat.apply(config.get(ConfigKeys.LOG_FORMAT));
        String bind = config.get(ConfigKeys.BIND);
        if (!LOOPBACK.contains(bind)) {
            err.println("sagitta: warning: listening on " + bind + " without authentication: anyone who can reach"
                + " this address can read and write the archive");
        }

        Archive archive;
        try {
            archive = Archive.start(config).toCompletionStage().toCompletableFuture().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause();
            String message = cause instanceof IllegalArgumentException
                ? "bad configuration: " + cause.getMessage()
                : "cannot start: " + describe(cause);
            err.println("sagitta: " + message);
            return cause instanceof IllegalArgumentException ? Main.EXIT_CONFIG : 1;
        }

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("sagitta: stopping (finishing work in flight, up to " + GRACE.toSeconds() + " s)");
            try {
                archive.stop(GRACE).toCompletionStage().toCompletableFuture()
                    .get(GRACE.toSeconds() + 30, TimeUnit.SECONDS);
                LogFormat.flush();
                out.println("sagitta: stopped");
            } catch (Exception e) {
                LogFormat.flush();
                err.println("sagitta: stop did not complete cleanly: " + describe(e));
            }
            stopped.countDown();
        }, "sagitta-shutdown"));

        out.println("sagitta " + Main.version() + " ready");
        out.println("  DIMSE   " + config.get(ConfigKeys.AE_TITLE) + " on " + bind + ":" + archive.dimsePort()
            + " (C-ECHO, C-STORE, C-FIND, C-MOVE, C-GET)");
        String http = "http://" + hostForUrl(bind) + ":" + archive.httpPort();
        out.println("  HTTP    " + http + "/dicom-web (QIDO-RS, WADO-RS, STOW-RS), " + http + "/wado, " + http + "/health/ready");
        out.println("  index   " + archive.databaseDescription());
        out.println("  blobs   " + archive.blobDescription());
        out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Main.EXIT_OK;
    }

    private static String hostForUrl(String bind) {
        return bind.contains(":") && !bind.startsWith("[") ? "[" + bind + "]" : bind;
    }

    private static String describe(Throwable t) {
        String message = t.getMessage();
        return message == null ? t.getClass().getSimpleName() : message.replace('\n', ' ');
    }
}
