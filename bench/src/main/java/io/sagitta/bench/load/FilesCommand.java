package io.sagitta.bench.load;

import io.netty.buffer.ByteBuf;
import io.sagitta.bench.data.GeneratedInstance;
import io.sagitta.bench.data.InstanceShape;
import io.sagitta.bench.data.SyntheticStudies;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;

/**
 * {@code files DIR}: writes the studies a {@code load} run would generate as Part 10 files,
 * {@code DIR/<study>/<instance>.dcm}, so that another client (dcmtk's {@code storescu}, a peer's own
 * tool) can send the very same workload. Same options for the studies as {@code load}; new UIDs
 * every call, as there. Exit status 0, 2 for bad options, 3 when a file cannot be written.
 */
public final class FilesCommand {

    static final Set<String> VALUE_OPTIONS = Set.of("studies", "instances-per-study", "modality", "rows", "columns",
        "bits", "frames", "seed");

    static final String HELP = String.join(System.lineSeparator(),
        "usage: java -jar sagitta-bench.jar files DIR [options]",
        "  writes DIR/<study>/<instance>.dcm, Part 10 in explicit VR little endian",
        "  --studies N --instances-per-study N --modality CT|MR|small --rows N --columns N --bits 8|16",
        "  --frames N --seed S        as for load (defaults: 10 studies of 10 CT instances, seed 1)");

    private FilesCommand() {
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].startsWith("--")) {
            err.println(HELP);
            return LoadCommand.USAGE;
        }
        Path dir = Path.of(args[0]);
        SyntheticStudies studies;
        int count;
        try {
            Args a = Args.parse(Arrays.copyOfRange(args, 1, args.length), VALUE_OPTIONS, Set.of());
            InstanceShape shape = LoadOptions.shape(a);
            count = a.integer("studies", 10, 1, 10_000_000);
            studies = SyntheticStudies.create(shape, a.integer("instances-per-study", 10, 1, 1_000_000),
                a.longValue("seed", 1));
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.println(HELP);
            return LoadCommand.USAGE;
        }
        long files = 0;
        long bytes = 0;
        try {
            for (int s = 0; s < count; s++) {
                Path studyDir = Files.createDirectories(dir.resolve(Integer.toString(s)));
                for (int i = 0; i < studies.instancesPerStudy(); i++) {
                    GeneratedInstance instance = studies.instance(s, i);
                    write(instance, studyDir.resolve(i + ".dcm"));
                    files++;
                    bytes += instance.part10Length();
                }
            }
        } catch (IOException e) {
            err.println("cannot write into " + dir + ": " + e.getMessage());
            return LoadCommand.CANNOT_RUN;
        }
        out.printf("%,d files, %,d bytes, in %s (%d studies; patient names %s*)%n", files, bytes, dir, count,
            studies.patientPrefix());
        return LoadCommand.OK;
    }

    /** Writes the instance buffer by buffer: a multi-frame instance is never whole in memory. */
    private static void write(GeneratedInstance instance, Path file) throws IOException {
        try (OutputStream os = Files.newOutputStream(file)) {
            for (ByteBuf b : instance.part10Buffers()) {
                b.readBytes(os, b.readableBytes());
            }
        }
    }
}
