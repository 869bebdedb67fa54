package io.sagitta.server;

import io.sagitta.server.cli.DumpCommand;
import io.sagitta.server.cli.ImportCommand;
import io.sagitta.server.cli.VerifyCommand;
import io.sagitta.server.cli.ServeCommand;
import java.io.PrintStream;
import java.util.Arrays;

/**
 * The command line of {@code sagitta.jar}. Each command is a small class in {@code cli/}; this
 * class only picks one. Exit codes: 0 success, 1 some of the work failed ({@code import}: files not
 * stored; {@code verify}: damaged instances), 2 bad input (not DICOM, truncated, unreadable), 64 bad
 * usage, 74 storage cannot be read, 75 the data directory is in use by a running server, 78 bad
 * configuration (as sysexits.h has them). With no command, or only options, it serves.
 */
public final class Main {

    public static final int EXIT_OK = 0;
    public static final int EXIT_SOME_FAILED = 1;
    public static final int EXIT_BAD_INPUT = 2;
    public static final int EXIT_USAGE = 64;
    public static final int EXIT_IO = 74;
    public static final int EXIT_IN_USE = 75;
    public static final int EXIT_CONFIG = 78;

    private Main() {
    }

    public static void main(String[] args) {
        int status = run(args, System.out, System.err);
        // The other commands end here; serve ends in its shutdown hook, which writes out the queued log lines itself.
        io.sagitta.server.logging.LogFormat.flush();
        System.exit(status);
    }

    /** Runs a command with the given streams; returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].startsWith("--config")) {
            return new ServeCommand(out, err, System.getenv()).run(args);
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "serve":
                return new ServeCommand(out, err, System.getenv()).run(rest);
            case "dump":
                return new DumpCommand(out, err).run(rest);
            case "import":
                return new ImportCommand(out, err, System.getenv()).run(rest);
            case "verify":
                return new VerifyCommand(out, err, System.getenv()).run(rest);
            case "--version":
            case "version":
                out.println("sagitta " + version());
                return EXIT_OK;
            case "--help":
            case "-h":
            case "help":
                usage(out);
                return EXIT_OK;
            default:
                err.println("sagitta: unknown command '" + args[0] + "'");
                usage(err);
                return EXIT_USAGE;
        }
    }

    public static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null ? "development build" : v;
    }

    private static void usage(PrintStream out) {
        out.println("usage: java -jar sagitta.jar [COMMAND] [ARGS]");
        out.println();
        out.println("commands:");
        out.println("  serve [--config FILE]                  run the archive (the default command)");
        out.println("  dump [--meta] [--no-pixel-data] FILE   print a DICOM file as DICOM JSON (PS3.18 F.2)");
        out.println("  import [--config FILE] [--jobs N] [--skip-non-dicom] [--progress|--no-progress] PATH...");
        out.println("                                         store the DICOM files under folders into the archive");
        out.println("  verify [--config FILE] [--jobs N] [--progress|--no-progress]");
        out.println("                                         check every indexed instance's blob (exists, size, CRC32C)");
        out.println("  --version                              print the version");
        out.println("  --help                                 print this help");
        out.println();
        out.println("Configuration: ops/sagitta.yaml documents every key; SAGITTA_* environment variables override it.");
    }
}
