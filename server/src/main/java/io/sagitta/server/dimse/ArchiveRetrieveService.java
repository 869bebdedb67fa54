package io.sagitta.server.dimse;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.EventExecutor;
import io.sagitta.core.data.Dataset;
import io.sagitta.core.data.ElementDictionary;
import io.sagitta.core.data.Tag;
import io.sagitta.core.net.channel.AssociationOptions;
import io.sagitta.core.net.dimse.Status;
import io.sagitta.core.net.service.DimseException;
import io.sagitta.core.net.service.GetRequest;
import io.sagitta.core.net.service.GetService;
import io.sagitta.core.net.service.MoveRequest;
import io.sagitta.core.net.service.MoveService;
import io.sagitta.core.net.service.QueryRetrieveModel;
import io.sagitta.server.config.PeerAddress;
import io.sagitta.storage.index.IndexQuery;
import io.sagitta.storage.index.InstanceIndex;
import io.sagitta.storage.index.QueryLevel;
import io.sagitta.storage.index.Scope;
import io.sagitta.storage.store.InstanceStore;
import io.sagitta.server.logging.Caller;
import io.sagitta.server.metrics.ArchiveMetrics;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.streams.ReadStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * C-MOVE and C-GET from the archive (PS3.4 C.4.2, C.4.3; Patient Root and Study Root): the identifier names what to
 * retrieve by its unique keys, the instances are found in the index, and each is sent with a C-STORE sub-operation,
 * its data set streamed from the blob store.
 *
 * <ul>
 *   <li>Move Destination: an AE title of the configured peers ({@code SAGITTA_DICOM_PEERS}); any other: A801.</li>
 *   <li>Identifier (C.4.2.1.4.1, hierarchical): QueryRetrieveLevel PATIENT (Patient Root only) with a single
 *       PatientID; STUDY with a list of StudyInstanceUIDs; SERIES with one StudyInstanceUID and a list of
 *       SeriesInstanceUIDs; IMAGE with one study, one series and a list of SOPInstanceUIDs. Missing or wildcard
 *       unique keys, an unknown level: A900.</li>
 *   <li>C-MOVE: one association of ours to the destination, proposing each SOP class in its stored transfer
 *       syntaxes and, for uncompressed instances, in explicit and implicit VR little endian too. An instance goes
 *       as stored when that context is accepted, else transcoded to an accepted little endian syntax; compressed
 *       instances are never converted, and fail when their syntax is refused. A destination that cannot be reached
 *       fails every sub-operation (A702). The C-STORE-RQs carry the Move Originator AE title and Message ID.</li>
 *   <li>C-GET: the instances go back over the requestor's association on the contexts where it took the SCP role,
 *       chosen the same way among the contexts it negotiated.</li>
 * </ul>
 */
public final class ArchiveRetrieveService implements MoveService, GetService {

    private final Vertx vertx;
    private final InstanceStore store;
    private final String aeTitle;
    private final Map<String, PeerAddress> peers;
    private final AssociationOptions clientOptions;
    private final Map<EventExecutor, Context> contexts = new ConcurrentHashMap<>();
    private final ArchiveMetrics metrics;

    private ArchiveRetrieveService(Vertx vertx, InstanceStore store, String aeTitle, Map<String, PeerAddress> peers,
                               AssociationOptions clientOptions, ArchiveMetrics metrics) {
        this.metrics = metrics;
        this.vertx = vertx;
        this.store = store;
        this.aeTitle = aeTitle;
        this.peers = Map.copyOf(peers);
        this.clientOptions = clientOptions;
    }

    /**
     * @param aeTitle the archive's AE title: the calling AE of the associations to destinations
     * @param peers the known destinations by AE title
     */
    public static ArchiveRetrieveService create(Vertx vertx, InstanceStore store, String aeTitle,
                                            Map<String, PeerAddress> peers) {
        return create(vertx, store, aeTitle, peers, AssociationOptions.create());
    }

    public static ArchiveRetrieveService create(Vertx vertx, InstanceStore store, String aeTitle,
                                            Map<String, PeerAddress> peers, AssociationOptions clientOptions) {
        return new ArchiveRetrieveService(vertx, store, aeTitle, peers, clientOptions, ArchiveMetrics.unpublished());
    }

    /** Counts what is sent into {@code metrics}, and writes an audit line per C-MOVE and C-GET. */
    public static ArchiveRetrieveService create(Vertx vertx, InstanceStore store, String aeTitle,
                                            Map<String, PeerAddress> peers, ArchiveMetrics metrics) {
        return new ArchiveRetrieveService(vertx, store, aeTitle, peers, AssociationOptions.create(), metrics);
    }

    @Override
    public SubOperations move(MoveRequest request) {
        ObservedRetrieval observed = new ObservedRetrieval("dimse_move", Caller.of(request.association()),
            request.identifier(), request.moveDestination());
        try {
            String destination = request.moveDestination() == null ? "" : request.moveDestination().strip();
            PeerAddress peer = peers.get(destination);
            if (peer == null) {
                throw new DimseException(Status.MOVE_DESTINATION_UNKNOWN, "unknown move destination '" + destination + "'");
            }
            Supplier<Future<List<Scope>>> scopes = scopes(store.index(), request.model(), request.identifier());
            if (!(request.eventLoop() instanceof EventLoop loop)) {
                throw new IllegalStateException("the association does not run on a Netty event loop");
            }
            return observed.watch(new RetrieveTransfer(context(loop), loop, store, aeTitle, peer, clientOptions, request,
                scopes, sent -> metrics.retrieved(ArchiveMetrics.RetrieveDoor.DIMSE_MOVE, sent.size())));
        } catch (RuntimeException refused) {
            observed.refused(refused);
            throw refused;
        }
    }

    @Override
    public SubOperations get(GetRequest request) {
        ObservedRetrieval observed = new ObservedRetrieval("dimse_get", Caller.of(request.association()),
            request.identifier(), null);
        try {
            Supplier<Future<List<Scope>>> scopes = scopes(store.index(), request.model(), request.identifier());
            if (!(request.eventLoop() instanceof EventLoop loop)) {
                throw new IllegalStateException("the association does not run on a Netty event loop");
            }
            return observed.watch(new RetrieveTransfer(context(loop), store, scopes, request.stores(),
                sent -> metrics.retrieved(ArchiveMetrics.RetrieveDoor.DIMSE_GET, sent.size())));
        } catch (RuntimeException refused) {
            observed.refused(refused);
            throw refused;
        }
    }

    /** A Vert.x context on the association's own event loop: index, blobs and both associations share a thread. */
    private Context context(EventLoop loop) {
        if (vertx instanceof VertxInternal internal) {
            return contexts.computeIfAbsent(loop, l -> internal.contextBuilder().withEventLoop(loop).build());
        }
        throw new IllegalStateException("not a Vert.x instance of ours");
    }

    // ------------------------------------------------------------------ the identifier

    /** What the identifier names, checked now (A900), found in the index when the supplier is called. */
    static Supplier<Future<List<Scope>>> scopes(InstanceIndex index, QueryRetrieveModel model, Dataset identifier) {
        String levelName = identifier.getString(Tag.QueryRetrieveLevel);
        if (levelName == null) {
            throw invalid("QueryRetrieveLevel (0008,0052) missing");
        }
        QueryLevel level;
        try {
            level = QueryLevel.of(levelName.strip());
        } catch (RuntimeException e) {
            throw invalid("unknown QueryRetrieveLevel '" + levelName + "'");
        }
        switch (level) {
            case PATIENT -> {
                if (model == QueryRetrieveModel.STUDY_ROOT) {
                    throw invalid("no PATIENT level in the Study Root model");
                }
                String patientId = single(identifier, Tag.PatientID, level);
                return () -> studiesOf(index, patientId);
            }
            case STUDY -> {
                List<Scope> out = new ArrayList<>();
                for (String study : list(identifier, Tag.StudyInstanceUID, level)) {
                    out.add(Scope.study(study));
                }
                return () -> Future.succeededFuture(out);
            }
            case SERIES -> {
                String study = single(identifier, Tag.StudyInstanceUID, level);
                List<Scope> out = new ArrayList<>();
                for (String series : list(identifier, Tag.SeriesInstanceUID, level)) {
                    out.add(Scope.series(study, series));
                }
                return () -> Future.succeededFuture(out);
            }
            default -> {
                String study = single(identifier, Tag.StudyInstanceUID, level);
                String series = single(identifier, Tag.SeriesInstanceUID, level);
                List<Scope> out = new ArrayList<>();
                for (String instance : list(identifier, Tag.SOPInstanceUID, level)) {
                    out.add(Scope.instance(study, series, instance));
                }
                return () -> Future.succeededFuture(out);
            }
        }
    }

    private static Future<List<Scope>> studiesOf(InstanceIndex index, String patientId) {
        IndexQuery query = IndexQuery.builder(QueryLevel.STUDY)
            .match(Tag.PatientID, patientId)
            .match(Tag.StudyInstanceUID, "")
            .build();
        Promise<List<Scope>> promise = Promise.promise();
        List<Scope> out = new ArrayList<>();
        ReadStream<Dataset> stream = index.query(query);
        stream.exceptionHandler(promise::tryFail)
            .endHandler(v -> promise.tryComplete(out))
            .handler(study -> out.add(Scope.study(study.getString(Tag.StudyInstanceUID))));
        return promise.future();
    }

    private static String single(Dataset identifier, int tag, QueryLevel level) {
        List<String> values = list(identifier, tag, level);
        if (values.size() != 1) {
            throw invalid(ElementDictionary.keywordOf(tag) + " must be a single value at " + level + " level");
        }
        return values.get(0);
    }

    /** A unique key's values: at least one, no wildcards. */
    private static List<String> list(Dataset identifier, int tag, QueryLevel level) {
        String text = identifier.getText(tag);
        if (text == null || text.isBlank() || text.indexOf('*') >= 0 || text.indexOf('?') >= 0) {
            throw invalid(ElementDictionary.keywordOf(tag) + " is required at " + level + " level, without wildcards");
        }
        List<String> out = new ArrayList<>();
        for (String value : text.split("\\\\")) {
            String v = value.strip();
            if (v.isEmpty()) {
                throw invalid("empty value in " + ElementDictionary.keywordOf(tag));
            }
            out.add(v);
        }
        return out;
    }

    private static DimseException invalid(String comment) {
        return new DimseException(Status.IDENTIFIER_DOES_NOT_MATCH_SOP_CLASS, comment);
    }
}
