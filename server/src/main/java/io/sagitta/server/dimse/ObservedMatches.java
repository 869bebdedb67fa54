package io.sagitta.server.dimse;

import io.sagitta.core.data.Dataset;
import io.sagitta.core.data.ElementDictionary;
import io.sagitta.core.data.Tag;
import io.sagitta.core.net.dimse.Status;
import io.sagitta.core.net.service.DimseStatuses;
import io.sagitta.core.net.service.FindRequest;
import io.sagitta.core.net.service.FindService;
import io.sagitta.server.logging.AuditLog;
import io.sagitta.server.logging.Caller;
import io.sagitta.server.metrics.ArchiveMetrics;
import io.sagitta.storage.index.QueryLevel;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A C-FIND's matches, watched: when the last one has been taken (or the query failed or was cancelled), the
 * query's time goes to {@code sagitta_query_duration_seconds{door="dimse"}} and one audit line is written.
 * Calls come on the association's event loop, stages may complete on any thread: the end is recorded once,
 * whichever comes first.
 */
final class ObservedMatches implements FindService.Matches {

    private final FindService.Matches matches;
    private final FindRequest request;
    private final QueryLevel level;
    private final ArchiveMetrics metrics;
    private final long started = System.nanoTime();
    private final AtomicBoolean done = new AtomicBoolean();
    /** Written by completions that follow one another (next() waits for the previous stage). */
    private volatile int results;

    ObservedMatches(FindService.Matches matches, FindRequest request, QueryLevel level, ArchiveMetrics metrics) {
        this.matches = matches;
        this.request = request;
        this.level = level;
        this.metrics = metrics;
    }

    @Override
    public CompletionStage<Dataset> next() {
        return matches.next().whenComplete((match, error) -> {
            if (error != null) {
                end(DimseStatuses.of(error).code());
            } else if (match == null) {
                end(Status.SUCCESS);
            } else {
                results++;
            }
        });
    }

    @Override
    public void cancel() {
        matches.cancel();
        end(Status.CANCEL);
    }

    @Override
    public boolean unsupportedOptionalKeys() {
        return matches.unsupportedOptionalKeys();
    }

    private void end(int status) {
        if (!done.compareAndSet(false, true)) {
            return;
        }
        metrics.queried(ArchiveMetrics.QueryDoor.DIMSE, level, System.nanoTime() - started);
        audit(request, level.name(), status, results);
    }

    /** The audit line of a C-FIND, also for one refused before it started. */
    static void audit(FindRequest request, String level, int status, int results) {
        AuditLog.line("query", "dimse", Caller.of(request.association()))
            .with("level", level)
            .with("keys", matchingKeys(request.identifier()))
            .with("results", results)
            .with("outcome", String.format("%04x", status))
            .log();
    }

    /** The identifier's matching keys as {@code Keyword=value,...} (return keys, being empty, are left out). */
    static String matchingKeys(Dataset identifier) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < identifier.size(); i++) {
            int tag = identifier.tagAt(i);
            if (tag == Tag.QueryRetrieveLevel || tag == Tag.SpecificCharacterSet || !(identifier.valueAt(i) instanceof byte[])) {
                continue;
            }
            String value = identifier.getText(tag);
            if (value == null || value.isBlank()) {
                continue;
            }
            if (out.length() > 0) {
                out.append(',');
            }
            String keyword = ElementDictionary.keywordOf(tag);
            out.append(keyword == null || keyword.isEmpty() ? String.format("%08X", tag) : keyword)
                .append('=').append(value.strip());
        }
        return out.toString();
    }
}
