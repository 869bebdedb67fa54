package io.sagitta.server.cli;

import java.nio.file.Path;

/** What importing one file did; {@code reason} says why for a failed or skipped file. */
record ImportOutcome(Path file, Kind kind, long bytes, String reason) {

    enum Kind {
        /** A new instance. */
        STORED,
        /** Its SOP Instance UID was indexed with other bytes, which these replaced. */
        REPLACED,
        /** Its SOP Instance UID was indexed with these very bytes: nothing changed. */
        DUPLICATE,
        /** Not an instance to import: a DICOMDIR, or (with --skip-non-dicom) a file that is not DICOM. */
        SKIPPED,
        /** Not stored: not DICOM, truncated, inconsistent, unreadable, or the storage refused it. */
        FAILED
    }

    static ImportOutcome of(Path file, Kind kind, long bytes) {
        return new ImportOutcome(file, kind, bytes, null);
    }

    static ImportOutcome failed(Path file, long bytes, String reason) {
        return new ImportOutcome(file, Kind.FAILED, bytes, reason);
    }

    static ImportOutcome skipped(Path file, long bytes, String reason) {
        return new ImportOutcome(file, Kind.SKIPPED, bytes, reason);
    }
}
