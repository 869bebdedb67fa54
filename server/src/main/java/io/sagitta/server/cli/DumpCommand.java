package io.sagitta.server.cli;

import io.sagitta.core.data.Dataset;
import io.sagitta.core.io.DatasetCollector;
import io.sagitta.core.io.DicomFiles;
import io.sagitta.core.io.DicomParseException;
import io.sagitta.core.io.DicomParserOptions;
import io.sagitta.core.json.DicomJsonOptions;
import io.sagitta.core.json.DicomJsonWriter;
import io.sagitta.server.Main;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * {@code dump FILE}: prints the dataset of a DICOM file as DICOM JSON (PS3.18 F.2), every value
 * inline (binary ones as InlineBinary). A diagnostic tool: it holds the whole file in memory, so
 * {@code --no-pixel-data} is there for very large instances.
 */
public final class DumpCommand {

    private final PrintStream out;
    private final PrintStream err;

    public DumpCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public int run(String[] args) {
        boolean meta = false;
        boolean pixelData = true;
        String file = null;
        for (String arg : args) {
            switch (arg) {
                case "--meta":
                    meta = true;
                    break;
                case "--no-pixel-data":
                    pixelData = false;
                    break;
                default:
                    if (arg.startsWith("-") || file != null) {
                        err.println("sagitta dump: unexpected argument '" + arg + "'");
                        err.println("usage: java -jar sagitta.jar dump [--meta] [--no-pixel-data] FILE");
                        return Main.EXIT_USAGE;
                    }
                    file = arg;
            }
        }
        if (file == null) {
            err.println("usage: java -jar sagitta.jar dump [--meta] [--no-pixel-data] FILE");
            return Main.EXIT_USAGE;
        }
        Path path = Path.of(file);
        if (Files.isDirectory(path)) {
            err.println("sagitta dump: " + file + ": is a directory");
            return Main.EXIT_BAD_INPUT;
        }
        DicomParserOptions options = DicomParserOptions.create()
            .pixelData(pixelData ? DicomParserOptions.PixelData.STREAM : DicomParserOptions.PixelData.SKIP);
        DicomFiles.Parsed parsed;
        try {
            parsed = DicomFiles.read(path, options, DatasetCollector.BulkValues.KEEP);
        } catch (DicomParseException e) {
            err.println("sagitta dump: " + file + ": " + e.getMessage());
            return Main.EXIT_BAD_INPUT;
        } catch (NoSuchFileException e) {
            err.println("sagitta dump: " + file + ": no such file");
            return Main.EXIT_BAD_INPUT;
        } catch (IOException e) {
            err.println("sagitta dump: " + file + ": cannot read: " + e.getMessage());
            return Main.EXIT_BAD_INPUT;
        }
        try {
            Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 64 * 1024);
            // No BulkDataURI function: every binary value is written inline.
            DicomJsonWriter json = DicomJsonWriter.create(DicomJsonOptions.builder()
                .indent(2)
                .includeFileMeta(meta)
                .build());
            json.write(meta ? withFileMeta(parsed) : parsed.dataset(), writer);
            writer.write('\n');
            writer.flush();
        } catch (IOException e) {
            err.println("sagitta dump: cannot write output: " + e.getMessage());
            return 1;
        }
        return Main.EXIT_OK;
    }

    /** One dataset holding the File Meta Information elements followed by the dataset's. */
    private static Dataset withFileMeta(DicomFiles.Parsed parsed) {
        Dataset all = new Dataset(parsed.dataset().size() + 8);
        for (Dataset part : new Dataset[] {parsed.fileMeta(), parsed.dataset()}) {
            for (int i = 0; part != null && i < part.size(); i++) {
                all.setValue(part.tagAt(i), part.vrAt(i), part.valueAt(i));
            }
        }
        return all;
    }
}
