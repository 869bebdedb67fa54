package io.sagitta.bench;

import io.sagitta.bench.data.SyntheticInstances;
import io.sagitta.bench.load.CompareCommand;
import io.sagitta.bench.load.FilesCommand;
import io.sagitta.bench.load.LoadCommand;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Entry point of {@code sagitta-bench.jar}: a small dispatcher from the first argument to a
 * tool. Each tool gets the remaining arguments untouched.
 */
public final class BenchMain {

    private static final String USAGE = String.join(System.lineSeparator(),
        "usage: java -jar sagitta-bench.jar <command> [args...]",
        "",
        "commands:",
        "  load --workload W [options]            drive a DICOM/DICOMweb server and report (try: load --help)",
        "  compare --workload W [options]         the same workload against servers A and B, with ratios",
        "  jmh [JMH options] [benchmark regexp]   run JMH micro-benchmarks (try: jmh -h, jmh -l)",
        "  files DIR [--modality M --studies N --instances-per-study N --seed S]",
        "                                         write a load run's studies as Part 10 files (for",
        "                                         another client, e.g. dcmtk's storescu)",
        "  samples <directory>                    write the synthetic instances the benchmarks parse",
        "                                         (ct.dcm, small.dcm, multi-frame.dcm) for inspection",
        "  index-query [--instances N] [--warmup N] [--runs N] [--explain]",
        "                                         study-level queries on an embedded PostgreSQL index",
        "                                         of N (default 1,000,000) synthetic instances: p50/p99");

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            usage(System.out);
            return;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "jmh":
                org.openjdk.jmh.Main.main(rest);
                break;
            case "load":
                System.exit(LoadCommand.run(rest, System.out, System.err));
                break;
            case "compare":
                System.exit(CompareCommand.run(rest, System.out, System.err));
                break;
            case "files":
                System.exit(FilesCommand.run(rest, System.out, System.err));
                break;
            case "samples":
                writeSamples(rest);
                break;
            case "index-query":
                io.sagitta.bench.index.IndexQueryBenchmark.main(rest);
                break;
            case "-h":
            case "--help":
            case "help":
                usage(System.out);
                break;
            default:
                System.err.println("unknown command: " + args[0]);
                usage(System.err);
                System.exit(2);
        }
    }

    private static void usage(PrintStream out) {
        out.println(USAGE);
    }

    private static void writeSamples(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: samples <directory>");
            System.exit(2);
        }
        Path dir = Files.createDirectories(Path.of(args[0]));
        for (SyntheticInstances.Kind kind : SyntheticInstances.Kind.values()) {
            String name = kind.name().toLowerCase(Locale.ROOT).replace('_', '-') + ".dcm";
            byte[] bytes = kind.encode();
            Files.write(dir.resolve(name), bytes);
            System.out.printf("%s: %,d bytes%n", dir.resolve(name), bytes.length);
        }
    }
}
