package io.sagitta.bench.load;

import io.sagitta.bench.data.SyntheticStudies;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

/**
 * {@code load}: runs one workload against one server and reports it. Exit status 0 when the errors
 * are within {@code --max-errors}, 1 when not (or seeding failed), 2 for bad options, 3 when the run
 * cannot start (server unreachable, association refused, a report cannot be written).
 */
public final class LoadCommand {

    public static final int OK = 0;
    public static final int ERRORS = 1;
    public static final int USAGE = 2;
    public static final int CANNOT_RUN = 3;

    static final String TARGET_HELP = String.join(System.lineSeparator(),
        "  --dicom HOST:PORT          DIMSE address (store; seeding and mixed ingest use it when given)",
        "  --aet AE                   called AE title (default SAGITTA)",
        "  --calling-aet AE           calling AE title (default BENCH)",
        "  --web URL                  DICOMweb base URL, e.g. http://127.0.0.1:8080/dicom-web");

    static final String COMMON_HELP = String.join(System.lineSeparator(),
        "  --workload W               " + WorkloadKind.names(),
        "                             store: C-STORE every instance over --concurrency associations",
        "                             stow: STOW-RS every study (--batch instances per request)",
        "                             qido: study list (limit 100), wildcard PatientName, StudyDate range",
        "                             wado-study: whole-study WADO-RS, read to the end, parts counted",
        "                             wado-metadata: study metadata; frames: each frame of each instance",
        "                             mixed: ingest at --rate inst/s while --viewers retrieve whole studies",
        "                             (all but store and stow first store the studies, then read them)",
        "  --studies N                studies generated (default 10)",
        "  --instances-per-study N    instances per study, one series (default 10)",
        "  --modality CT|MR|small     preset: CT 512x512, MR 256x256, small = CT 64x64 (default CT)",
        "  --rows N --columns N --bits 8|16   override the preset's matrix and bits allocated",
        "  --frames N                 frames per instance (default 1; more: Enhanced CT multi-frame,",
        "                             up to 4 GiB, sent from one frame in memory)",
        "  --seed S                   seed of names, dates and pixels (default 1); UIDs are new every run",
        "  --concurrency N            associations or HTTP connections (default 4)",
        "  --count N                  operations to run (query/retrieve workloads)",
        "  --duration D               how long: 30, 30s, 2m, 500ms (default 10s for query/retrieve/mixed;",
        "                             store and stow stop early when given)",
        "  --warmup D                 first run the workload's own operations for D, unmeasured (reported",
        "                             as warmup-*; errors count): both JVMs compile their hot paths then.",
        "                             Store and stow warm up on studies of their own (default: none)",
        "  --rate R                   mixed: ingest rate, instances/s (default 10)",
        "  --viewers M                mixed: clients retrieving whole studies (default 2)",
        "  --batch N                  stow: instances per request (default: a whole study)",
        "  --seed-via dimse|stow      how query/retrieve workloads store their studies first",
        "                             (default dimse when --dicom is given, else stow)",
        "  --max-errors N             failed operations tolerated before exit status 1 (default 0)",
        "  --json FILE --html FILE    also write the report as JSON / self-contained HTML",
        "  --progress | --no-progress live progress line on stderr (default: only on a terminal)");

    static final String HELP = String.join(System.lineSeparator(),
        "usage: java -jar sagitta-bench.jar load --workload W [options]",
        "",
        "Drives any DICOM/DICOMweb server with synthetic studies generated in memory and reports",
        "instances/s, MB/s, latency p50/p95/p99/max per operation, errors by kind, and the studies per",
        "day the rate implies against the 1,000/day floor. Failed operations count as errors, never as",
        "throughput; exit status 1 when there are more than --max-errors of them.",
        "",
        "target:",
        TARGET_HELP,
        "",
        "workload:",
        COMMON_HELP,
        "",
        "exit status: 0 pass, 1 errors, 2 bad options, 3 cannot run (e.g. server unreachable)");

    private LoadCommand() {
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
            out.println(HELP);
            return OK;
        }
        LoadOptions options;
        Target target;
        try {
            Set<String> valueOptions = new HashSet<>(LoadOptions.VALUE_OPTIONS);
            valueOptions.addAll(Set.of("dicom", "aet", "calling-aet", "web"));
            Args a = Args.parse(args, valueOptions, LoadOptions.FLAG_OPTIONS);
            options = LoadOptions.from(a);
            target = Target.parse(null, a.string("dicom", null), a.string("aet", "SAGITTA"),
                a.string("calling-aet", "BENCH"), a.string("web", null));
        } catch (IllegalArgumentException e) {
            err.println("load: " + e.getMessage());
            err.println("try: load --help");
            return USAGE;
        }
        try {
            LoadReport report = execute(options, target, err);
            ConsoleReport.print(report, out);
            write(options.json(), JsonReport.of(report).encodePrettily());
            write(options.html(), HtmlReport.of(report));
            return report.passed() ? OK : ERRORS;
        } catch (LoadException e) {
            err.println("load: " + e.getMessage());
            return CANNOT_RUN;
        }
    }

    /** Runs the workload against {@code target} with fresh studies; errors are in the report, not thrown. */
    static LoadReport execute(LoadOptions options, Target target, PrintStream err) {
        SyntheticStudies studies = SyntheticStudies.create(options.shape(), options.instancesPerStudy(), options.seed());
        Instant started = Instant.now();
        String aborted = null;
        try (LoadSession session = new LoadSession(options, target, studies)) {
            try (ProgressLine progress = ProgressLine.startIf(options.progress(), session, err)) {
                try {
                    options.workload().create().run(session);
                } catch (Seeding.SeedingFailedException e) {
                    aborted = e.getMessage();
                }
            }
            return new LoadReport(target.toString(), options.describe(), studies.uidRoot(), started, session.results(),
                options.instancesPerStudy(), options.maxErrors(), aborted);
        }
    }

    static void write(Path file, String content) {
        if (file == null) {
            return;
        }
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new LoadException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
