package io.sagitta.bench.load;

import java.io.PrintStream;
import java.util.HashSet;
import java.util.Set;

/**
 * {@code compare}: the same workload against server A, then server B (each with its own fresh
 * studies of the same shape and seed), both reports, then B's throughput and latencies relative to
 * A's. Exit status as {@link LoadCommand}, failing when either run failed.
 */
public final class CompareCommand {

    static final String HELP = String.join(System.lineSeparator(),
        "usage: java -jar sagitta-bench.jar compare --workload W --a-... --b-... [options]",
        "",
        "Runs the workload against A, then against B, and prints B/A ratios of throughput (above 1:",
        "B is faster) and latency percentiles (below 1: B answers sooner).",
        "",
        "targets (each as for load, prefixed a- or b-):",
        "  --a-dicom HOST:PORT --a-aet AE --a-web URL --a-label NAME",
        "  --b-dicom HOST:PORT --b-aet AE --b-web URL --b-label NAME",
        "  --calling-aet AE           calling AE title for both (default BENCH)",
        "",
        "workload (as for load):",
        LoadCommand.COMMON_HELP);

    private CompareCommand() {
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
            out.println(HELP);
            return LoadCommand.OK;
        }
        LoadOptions options;
        Target a;
        Target b;
        try {
            Set<String> valueOptions = new HashSet<>(LoadOptions.VALUE_OPTIONS);
            valueOptions.addAll(Set.of("a-dicom", "a-aet", "a-web", "a-label", "b-dicom", "b-aet", "b-web", "b-label",
                "calling-aet"));
            Args parsed = Args.parse(args, valueOptions, LoadOptions.FLAG_OPTIONS);
            options = LoadOptions.from(parsed);
            String calling = parsed.string("calling-aet", "BENCH");
            a = Target.parse(parsed.string("a-label", "A"), parsed.string("a-dicom", null),
                parsed.string("a-aet", "SAGITTA"), calling, parsed.string("a-web", null));
            b = Target.parse(parsed.string("b-label", "B"), parsed.string("b-dicom", null),
                parsed.string("b-aet", "SAGITTA"), calling, parsed.string("b-web", null));
            if (!a.hasDicom() && !a.hasWeb() || !b.hasDicom() && !b.hasWeb()) {
                throw new IllegalArgumentException("both A and B need --a-dicom/--a-web and --b-dicom/--b-web");
            }
        } catch (IllegalArgumentException e) {
            err.println("compare: " + e.getMessage());
            err.println("try: compare --help");
            return LoadCommand.USAGE;
        }
        try {
            LoadReport ra = LoadCommand.execute(options, a, err);
            ConsoleReport.print(ra, out);
            LoadReport rb = LoadCommand.execute(options, b, err);
            ConsoleReport.print(rb, out);
            CompareReport.print(ra, rb, out);
            LoadCommand.write(options.json(), CompareReport.json(ra, rb).encodePrettily());
            LoadCommand.write(options.html(), HtmlReport.compare(ra, rb));
            return ra.passed() && rb.passed() ? LoadCommand.OK : LoadCommand.ERRORS;
        } catch (LoadException e) {
            err.println("compare: " + e.getMessage());
            return LoadCommand.CANNOT_RUN;
        }
    }
}
