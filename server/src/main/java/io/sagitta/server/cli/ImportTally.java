package io.sagitta.server.cli;

import java.util.EnumMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Running counts of an import, updated from event-loop threads as files finish and read by the
 * progress bar and the summary. Failed and skipped files are kept with their reasons for the summary.
 */
final class ImportTally {

    private final Map<ImportOutcome.Kind, LongAdder> counts = new EnumMap<>(ImportOutcome.Kind.class);
    private final LongAdder bytes = new LongAdder();
    private final AtomicLong files = new AtomicLong();
    private final Queue<ImportOutcome> failed = new ConcurrentLinkedQueue<>();
    private final Queue<ImportOutcome> skipped = new ConcurrentLinkedQueue<>();

    ImportTally() {
        for (ImportOutcome.Kind kind : ImportOutcome.Kind.values()) {
            counts.put(kind, new LongAdder());
        }
    }

    void add(ImportOutcome outcome) {
        counts.get(outcome.kind()).increment();
        bytes.add(outcome.bytes());
        if (outcome.kind() == ImportOutcome.Kind.FAILED) {
            failed.add(outcome);
        } else if (outcome.kind() == ImportOutcome.Kind.SKIPPED) {
            skipped.add(outcome);
        }
        files.incrementAndGet();
    }

    long count(ImportOutcome.Kind kind) {
        return counts.get(kind).sum();
    }

    long files() {
        return files.get();
    }

    long bytes() {
        return bytes.sum();
    }

    Iterable<ImportOutcome> failures() {
        return failed;
    }

    Iterable<ImportOutcome> skips() {
        return skipped;
    }

    /** "12 files: 8 stored, 1 replaced, 2 duplicate, 0 skipped, 1 failed". */
    String line() {
        return files() + " files: " + count(ImportOutcome.Kind.STORED) + " stored, "
            + count(ImportOutcome.Kind.REPLACED) + " replaced, " + count(ImportOutcome.Kind.DUPLICATE) + " duplicate, "
            + count(ImportOutcome.Kind.SKIPPED) + " skipped, " + count(ImportOutcome.Kind.FAILED) + " failed";
    }
}
