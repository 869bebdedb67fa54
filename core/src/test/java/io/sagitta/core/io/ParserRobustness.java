package io.sagitta.core.io;

import io.sagitta.core.data.Dataset;
import io.sagitta.core.data.Fragments;
import io.sagitta.core.data.Sequence;
import io.sagitta.core.data.TransferSyntax;
import io.sagitta.core.testing.ParserRuns;
import io.sagitta.core.testing.ParserRuns.Outcome;
import java.lang.management.ManagementFactory;

/**
 * The property every input must have, whatever its bytes: parsed whole it gives a complete dataset or
 * a {@link DicomParseException} and nothing else; the dataset keeps no more bytes than were read; the
 * parse allocates in proportion to the input, never to a length it claims; and split differently it
 * gives the same events (or, failing, fails too). Shared by the Jazzer fuzz test and the fixed-seed
 * mutation test.
 */
final class ParserRobustness {

    private static final DicomParserOptions.PixelData[] MODES = DicomParserOptions.PixelData.values();
    private static final int[] THRESHOLDS = {64 * 1024, 0, 5, 64 << 20};
    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private ParserRobustness() {
    }

    /**
     * Options picked by bits of {@code control}: 0 gives the defaults (AUTO, STREAM, 64 KiB), so seed
     * files with four trailing zero bytes are parsed as plain files.
     */
    static DicomParserOptions options(int control) {
        DicomParserOptions options = DicomParserOptions.create()
            .pixelData(MODES[((control >>> 16) & 3) % MODES.length])
            .bulkThreshold(THRESHOLDS[(control >>> 18) & 3]);
        switch ((control >>> 20) & 7) {
            case 1:
                return options.input(DicomParserOptions.Input.PART10);
            case 2:
                return options.input(DicomParserOptions.Input.DATASET)
                    .datasetSyntax(TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN);
            case 3:
                return options.input(DicomParserOptions.Input.DATASET)
                    .datasetSyntax(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
            case 4:
                return options.input(DicomParserOptions.Input.DATASET)
                    .datasetSyntax(TransferSyntax.EXPLICIT_VR_BIG_ENDIAN);
            case 5:
                return options.input(DicomParserOptions.Input.DATASET)
                    .datasetSyntax(TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN);
            default:
                return options;
        }
    }

    /** Checks the property for {@code input}; {@code control} picks the options and the second split. */
    static void check(byte[] input, int control) {
        DicomParserOptions options = options(control);

        // Whole, into a collector that keeps everything.
        DatasetCollector collector = new DatasetCollector(DatasetCollector.BulkValues.KEEP);
        DicomParser parser = new DicomParser(options, collector);
        long before = THREADS.getCurrentThreadAllocatedBytes();
        DicomParseException failure = ParserRuns.feed(parser, input, ParserRuns.whole(input.length));
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
        if (failure == null) {
            if (!collector.isComplete()) {
                throw new AssertionError("parser finished but the dataset is not complete");
            }
            long kept = kept(collector.dataset()) + (collector.fileMeta() == null ? 0 : kept(collector.fileMeta()));
            if (kept > parser.position()) {
                throw new AssertionError("dataset keeps " + kept + " bytes of " + parser.position() + " read");
            }
        } else if (failure.getMessage() == null || failure.getMessage().isEmpty()) {
            throw new AssertionError("parse exception without a message", failure);
        }
        // Generous, but far below what a trusted length would cost: the parse may allocate what it reads
        // (inflated bytes included) many times over, plus a constant, never megabytes for a few bytes.
        // Over budget, it is measured once more: the first parse may have loaded (and, under Jazzer,
        // instrumented) classes such as the dictionary, which allocates once per JVM.
        long budget = (4 << 20) + 256L * (input.length + parser.position());
        if (allocated > budget) {
            DicomParser again = new DicomParser(options, new DatasetCollector(DatasetCollector.BulkValues.KEEP));
            long start = THREADS.getCurrentThreadAllocatedBytes();
            ParserRuns.feed(again, input, ParserRuns.whole(input.length));
            long second = THREADS.getCurrentThreadAllocatedBytes() - start;
            if (second > budget) {
                throw new AssertionError("parsing " + input.length + " bytes allocated " + second + " bytes");
            }
        }

        // Whole and split into random chunks, recording events: the split must change nothing.
        Outcome whole = ParserRuns.whole(input, options);
        Outcome split = ParserRuns.chunked(input, options, control & 0xFFFF, 1 + (control & 0x3F));
        if (whole.failed() != (failure != null)) {
            throw new AssertionError("collector and recorder runs disagree: " + failure + " vs " + whole.failure());
        }
        if (whole.failed() && split.failed() && deflated(whole, options)) {
            return; // where corrupt deflate data is noticed depends on how much arrived at once
        }
        if (!whole.toString().equals(split.toString())) {
            throw new AssertionError("split input parses differently:\n--- whole\n" + whole + "\n--- split\n" + split);
        }
    }

    private static boolean deflated(Outcome outcome, DicomParserOptions options) {
        return (options.input() == DicomParserOptions.Input.DATASET && options.datasetSyntax().deflated())
            || outcome.events().stream().anyMatch(e -> e.startsWith("datasetStart") && e.endsWith(".1.2.1.99"))
            || outcome.failure().contains("deflate");
    }

    /** Bytes held in memory by a dataset, through sequences and fragments. */
    static long kept(Dataset ds) {
        long total = 0;
        for (int i = 0; i < ds.size(); i++) {
            Object v = ds.valueAt(i);
            if (v instanceof byte[]) {
                total += ((byte[]) v).length;
            } else if (v instanceof Sequence) {
                for (Dataset item : (Sequence) v) {
                    total += kept(item);
                }
            } else if (v instanceof Fragments) {
                for (Object f : (Fragments) v) {
                    total += f instanceof byte[] ? ((byte[]) f).length : 0;
                }
            }
        }
        return total;
    }
}
