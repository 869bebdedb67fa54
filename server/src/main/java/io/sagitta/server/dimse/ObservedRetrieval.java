package io.sagitta.server.dimse;

import io.sagitta.core.data.Dataset;
import io.sagitta.core.data.Tag;
import io.sagitta.core.net.dimse.Status;
import io.sagitta.core.net.service.DimseStatuses;
import io.sagitta.core.net.service.MoveService;
import io.sagitta.server.logging.AuditLog;
import io.sagitta.server.logging.Caller;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One audit line per C-MOVE or C-GET, written when it ends: what was asked (level, UIDs, destination), the
 * sub-operation counts, and the final status as the association will send it (0000 all sent, B000 some
 * failed, A702 all failed, FE00 cancelled, or the failure's status).
 */
final class ObservedRetrieval {

    private final String door;
    private final Caller caller;
    private final Dataset identifier;
    private final String destination;
    private final AtomicBoolean done = new AtomicBoolean();

    ObservedRetrieval(String door, Caller caller, Dataset identifier, String destination) {
        this.door = door;
        this.caller = caller;
        this.identifier = identifier;
        this.destination = destination;
    }

    MoveService.SubOperations watch(MoveService.SubOperations operations) {
        return new MoveService.SubOperations() {
            private volatile boolean cancelled;

            @Override
            public CompletionStage<MoveService.Progress> next() {
                return operations.next().whenComplete((progress, error) -> {
                    if (error != null) {
                        end(DimseStatuses.of(error).code(), null);
                    } else if (progress.remaining() == 0) {
                        int status = cancelled ? Status.CANCEL
                            : progress.failed() == 0 && progress.warning() == 0 ? Status.SUCCESS
                            : progress.completed() == 0 && progress.warning() == 0 ? 0xA702 : 0xB000;
                        end(status, progress);
                    }
                });
            }

            @Override
            public void cancel() {
                cancelled = true;
                operations.cancel();
            }
        };
    }

    void refused(Throwable failure) {
        end(DimseStatuses.of(failure).code(), null);
    }

    private void end(int status, MoveService.Progress progress) {
        if (!done.compareAndSet(false, true)) {
            return;
        }
        AuditLog.Line line = AuditLog.line("retrieve", door, caller)
            .with("level", identifier.getString(Tag.QueryRetrieveLevel))
            .with("study", identifier.getText(Tag.StudyInstanceUID))
            .with("series", identifier.getText(Tag.SeriesInstanceUID))
            .with("instance", identifier.getText(Tag.SOPInstanceUID))
            .with("patient", identifier.getText(Tag.PatientID))
            .with("destination", destination);
        if (progress != null) {
            line.with("completed", progress.completed()).with("failed", progress.failed())
                .with("warning", progress.warning());
        }
        line.with("outcome", String.format("%04x", status)).log();
    }
}
