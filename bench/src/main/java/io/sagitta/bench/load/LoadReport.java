package io.sagitta.bench.load;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The outcome of one run against one target, as every report renders it.
 *
 * @param aborted why the run stopped early (seeding failed), or null
 */
public record LoadReport(String target, Map<String, Object> config, String uidRoot, Instant started,
                         List<OperationStats> operations, int instancesPerStudy, long maxErrors, String aborted) {

    /** The user's floor: an archive must take at least this many studies a day. */
    public static final long FLOOR_STUDIES_PER_DAY = 1000;

    public long errors() {
        long n = 0;
        for (OperationStats s : operations) {
            n += s.errorCount();
        }
        return n;
    }

    public boolean passed() {
        return aborted == null && errors() <= maxErrors;
    }

    /** Studies a day the operation's rate implies, or null where that means nothing (queries, frames). */
    public Double studiesPerDay(OperationStats s) {
        if (!s.countsStudies() || s.succeeded() == 0) {
            return null;
        }
        return s.instancesPerSecond() / instancesPerStudy * 86_400.0;
    }

    public OperationStats operation(String name) {
        for (OperationStats s : operations) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        return null;
    }

    /** The operations measured (seeding and warm-up excluded), as compared and charted. */
    public List<OperationStats> measured() {
        return operations.stream().filter(Warmup::measured).toList();
    }
}
