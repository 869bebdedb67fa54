package io.sagitta.server.dimse;

import io.sagitta.core.net.channel.AssociationListener;
import io.sagitta.core.net.pdu.AAssociateRq;
import io.sagitta.core.net.service.AssociationInfo;
import io.sagitta.server.logging.Caller;
import io.sagitta.server.logging.LogContext;
import io.sagitta.server.metrics.ArchiveMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs each association's opening and end with its id, AE titles and peer, and counts them. The id is
 * passed on every line as a key-value pair (see {@link LogContext} for why not MDC).
 */
public final class AssociationLog implements AssociationListener {

    private static final Logger LOG = LoggerFactory.getLogger("io.sagitta.server.dimse.Associations");

    private final ArchiveMetrics metrics;

    public AssociationLog(ArchiveMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void established(AssociationInfo association) {
        metrics.association(true);
        LOG.atInfo().setMessage("association opened")
            .addKeyValue(LogContext.ASSOCIATION, association.id())
            .addKeyValue("calling_ae", association.callingAeTitle())
            .addKeyValue("called_ae", association.calledAeTitle())
            .addKeyValue("remote", Caller.address(association.remoteAddress()))
            .log();
    }

    @Override
    public void rejected(String id, AAssociateRq request, String reason) {
        metrics.association(false);
        LOG.atInfo().setMessage("association rejected: {}").addArgument(reason)
            .addKeyValue(LogContext.ASSOCIATION, id)
            .addKeyValue("calling_ae", request.callingAeTitle())
            .addKeyValue("called_ae", request.calledAeTitle())
            .log();
    }

    @Override
    public void closed(AssociationInfo association, Throwable cause) {
        LOG.atInfo().setMessage(cause == null ? "association released" : "association ended: {}")
            .addArgument(() -> cause == null ? null : cause.getMessage())
            .addKeyValue(LogContext.ASSOCIATION, association.id())
            .addKeyValue("calling_ae", association.callingAeTitle())
            .log();
    }
}
