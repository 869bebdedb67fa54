package io.sagitta.server.http;

import io.sagitta.dicomweb.DicomWebListener;
import io.sagitta.server.logging.AuditLog;
import io.sagitta.server.logging.Caller;
import io.sagitta.server.metrics.ArchiveMetrics;
import io.sagitta.storage.index.InstanceLocation;
import io.sagitta.storage.store.StoredInstance;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;

/**
 * What DICOMweb tells of each instance: STOW-RS stores counted and audited one line per instance (with the
 * request's id, set by {@link RequestTracking}), WADO-RS instances counted.
 */
public final class DicomWebAudit implements DicomWebListener {

    private final ArchiveMetrics metrics;

    public DicomWebAudit(ArchiveMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void stored(RoutingContext ctx, StoredInstance instance) {
        metrics.stored(ArchiveMetrics.StoreDoor.STOW, instance.blob().size());
        metrics.storePhases(instance.durableNanos(), instance.indexNanos());
        AuditLog.line("store", "stow", caller(ctx))
            .with("study", instance.result().studyInstanceUid())
            .with("series", instance.result().seriesInstanceUid())
            .with("instance", instance.result().sopInstanceUid())
            .with("stored", instance.outcome().name().toLowerCase(Locale.ROOT))
            .with("outcome", "0000")
            .log();
    }

    @Override
    public void storeFailed(RoutingContext ctx, String sopInstanceUid, int failureReason) {
        AuditLog.line("store", "stow", caller(ctx))
            .with("instance", sopInstanceUid)
            .with("outcome", String.format("%04x", failureReason))
            .log();
    }

    @Override
    public void retrieved(RoutingContext ctx, InstanceLocation instance) {
        metrics.instanceRetrieved(ArchiveMetrics.RetrieveDoor.WADO);
    }

    private static Caller caller(RoutingContext ctx) {
        return Caller.http(ctx.get(RequestTracking.REQUEST_ID), RequestTracking.remote(ctx.request()));
    }
}
