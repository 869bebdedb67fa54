package io.sagitta.server.dimse;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.EventExecutor;
import io.sagitta.core.charset.SpecificCharacterSet;
import io.sagitta.core.data.Dataset;
import io.sagitta.core.data.ElementDictionary;
import io.sagitta.core.data.Tag;
import io.sagitta.core.data.Tags;
import io.sagitta.core.data.VR;
import io.sagitta.core.net.dimse.Status;
import io.sagitta.core.net.service.DimseException;
import io.sagitta.core.net.service.DimseStatus;
import io.sagitta.core.net.service.DimseStatuses;
import io.sagitta.server.metrics.ArchiveMetrics;
import io.sagitta.core.net.service.FindRequest;
import io.sagitta.core.net.service.FindService;
import io.sagitta.core.net.service.QueryRetrieveModel;
import io.sagitta.storage.index.IndexQuery;
import io.sagitta.storage.index.IndexUnavailableException;
import io.sagitta.storage.index.InstanceIndex;
import io.sagitta.storage.index.InvalidQueryException;
import io.sagitta.storage.index.QueryLevel;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * C-FIND on the archive's index (PS3.4 C.4.1, Patient Root and Study Root): the identifier becomes an
 * {@link IndexQuery}, and the index's result stream is pulled with back-pressure.
 *
 * <ul>
 *   <li>QueryRetrieveLevel (0008,0052) PATIENT, STUDY, SERIES or IMAGE; missing, unknown, or PATIENT in the
 *       Study Root model: A900 with an error comment.</li>
 *   <li>Hierarchical queries (C.4.1.2.1, no relational extended negotiation): each level above the query level
 *       needs its unique key as a single value (Patient Root: PatientID, then StudyInstanceUID, then
 *       SeriesInstanceUID; Study Root: from StudyInstanceUID), else A900.</li>
 *   <li>Every non-empty key is a matching key, its value passed on in DICOM matching syntax (single value,
 *       wildcard, range, UID list: the index's rules); an empty key is a return key (universal matching). A
 *       value the index cannot parse: A900.</li>
 *   <li>A key the index cannot match at this level is not matched, only returned (empty when it has no value
 *       for it), and the pending responses say so with FF01 (optional keys not supported).</li>
 *   <li>Sequence keys are not supported: they are neither matched nor returned (FF01 too).</li>
 *   <li>The response identifier holds what the index returns for the keys asked (and the unique keys of the
 *       query level), QueryRetrieveLevel, RetrieveAETitle (this archive) and SpecificCharacterSet: the
 *       request's when it can encode every value (left out when that is the default repertoire), else
 *       ISO_IR 192.</li>
 *   <li>Index unreachable: A700 (out of resources, retry later); any other index failure: C000.</li>
 * </ul>
 */
public final class IndexFindService implements FindService {

    /** Matches held ahead of the association; the index's own cursor batch holds the rest back. */
    static final int WINDOW = 16;

    private final Vertx vertx;
    private final InstanceIndex index;
    private final String aeTitle;
    private final Map<EventExecutor, Context> contexts = new ConcurrentHashMap<>();
    private final ArchiveMetrics metrics;

    private IndexFindService(Vertx vertx, InstanceIndex index, String aeTitle, ArchiveMetrics metrics) {
        this.vertx = vertx;
        this.index = index;
        this.aeTitle = aeTitle;
        this.metrics = metrics;
    }

    /** @param aeTitle the archive's AE title, returned as RetrieveAETitle */
    public static IndexFindService create(Vertx vertx, InstanceIndex index, String aeTitle) {
        return create(vertx, index, aeTitle, ArchiveMetrics.unpublished());
    }

    /** As {@link #create(Vertx, InstanceIndex, String)}, timing each query into {@code metrics} (and auditing it). */
    public static IndexFindService create(Vertx vertx, InstanceIndex index, String aeTitle, ArchiveMetrics metrics) {
        return new IndexFindService(vertx, index, aeTitle, metrics);
    }

    @Override
    public Matches find(FindRequest request) {
        Dataset identifier = request.identifier();
        QueryLevel level;
        IndexQuery query;
        boolean[] unsupported = {false};
        try {
            level = level(request.model(), identifier);
            checkHierarchy(request.model(), level, identifier);
            query = query(level, identifier, unsupported);
        } catch (RuntimeException refused) {
            ObservedMatches.audit(request, identifier.getString(Tag.QueryRetrieveLevel),
                DimseStatuses.of(refused).code(), 0);
            throw refused;
        }
        SpecificCharacterSet requested = identifier.charset();
        String levelName = level.name();
        return new ObservedMatches(new ReadStreamMatches(context(request.eventLoop()), () -> index.query(query), WINDOW,
            result -> response(result, levelName, requested), IndexFindService::failure, unsupported[0]),
            request, level, metrics);
    }

    /** A Vert.x context on the association's own event loop, so the index stream and the association share a thread. */
    private Context context(EventExecutor loop) {
        if (loop instanceof EventLoop eventLoop && vertx instanceof VertxInternal internal) {
            return contexts.computeIfAbsent(loop, l -> internal.contextBuilder().withEventLoop(eventLoop).build());
        }
        return vertx.getOrCreateContext();
    }

    // ------------------------------------------------------------------ the request

    private static QueryLevel level(QueryRetrieveModel model, Dataset identifier) {
        String value = identifier.getString(Tag.QueryRetrieveLevel);
        if (value == null) {
            throw invalid("QueryRetrieveLevel (0008,0052) missing");
        }
        QueryLevel level;
        try {
            level = QueryLevel.of(value);
        } catch (InvalidQueryException e) {
            throw invalid("unknown QueryRetrieveLevel '" + value + "'");
        }
        if (level == QueryLevel.PATIENT && model == QueryRetrieveModel.STUDY_ROOT) {
            throw invalid("no PATIENT level in the Study Root model");
        }
        return level;
    }

    /** C.4.1.2.1: a single-value unique key for each level above the query level. */
    private static void checkHierarchy(QueryRetrieveModel model, QueryLevel level, Dataset identifier) {
        List<Integer> required = switch (level) {
            case PATIENT -> List.of();
            case STUDY -> List.of(Tag.PatientID);
            case SERIES -> List.of(Tag.PatientID, Tag.StudyInstanceUID);
            case IMAGE -> List.of(Tag.PatientID, Tag.StudyInstanceUID, Tag.SeriesInstanceUID);
        };
        for (int tag : required) {
            if (tag == Tag.PatientID && model == QueryRetrieveModel.STUDY_ROOT) {
                continue;
            }
            String value = identifier.getText(tag);
            if (value == null || value.isBlank() || value.indexOf('*') >= 0 || value.indexOf('?') >= 0
                || value.indexOf('\\') >= 0) {
                throw invalid(ElementDictionary.keywordOf(tag) + " must be a single value at " + level + " level");
            }
        }
    }

    /**
     * The index query; a key the index cannot match at this level is tried again as a return key only, and
     * {@code unsupported[0]} says so.
     */
    private static IndexQuery query(QueryLevel level, Dataset identifier, boolean[] unsupported) {
        Map<Integer, String> keys = new LinkedHashMap<>();
        for (int i = 0; i < identifier.size(); i++) {
            int tag = identifier.tagAt(i);
            if (tag == Tag.SpecificCharacterSet || tag == Tag.QueryRetrieveLevel || tag == Tag.RetrieveAETitle
                || Tags.isGroupLength(tag) || (tag >>> 16) == 0x0002) {
                continue;
            }
            if (!(identifier.valueAt(i) instanceof byte[])) {
                unsupported[0] = true; // sequences (and anything not a plain value) are not supported
                continue;
            }
            keys.put(tag, text(identifier, i));
        }
        for (int attempt = 0; ; attempt++) {
            IndexQuery.Builder builder = IndexQuery.builder(level);
            keys.forEach(builder::match);
            try {
                return builder.build();
            } catch (InvalidQueryException e) {
                String value = keys.get(e.tag());
                if (e.isUnsupportedKey() && value != null && !value.isEmpty() && attempt < keys.size()) {
                    keys.put(e.tag(), "");
                    unsupported[0] = true;
                    continue;
                }
                throw invalid(e.getMessage());
            }
        }
    }

    /** The value in DICOM matching syntax (all values, backslash-separated), decoded in the identifier's character set. */
    private static String text(Dataset identifier, int index) {
        int tag = identifier.tagAt(index);
        VR vr = identifier.vrAt(index);
        if (vr.isBinaryNumber()) {
            return String.join("\\", identifier.getStrings(tag));
        }
        String text = identifier.getText(tag);
        return text == null ? "" : text.strip();
    }

    // ------------------------------------------------------------------ the response

    private Dataset response(Dataset result, String level, SpecificCharacterSet requested) {
        SpecificCharacterSet charset = canEncode(result, requested) ? requested : SpecificCharacterSet.UTF_8;
        Dataset out = new Dataset(result.size() + 3);
        if (charset.terms().length > 0) {
            out.setString(Tag.SpecificCharacterSet, VR.CS, charset.terms());
        }
        out.setString(Tag.QueryRetrieveLevel, VR.CS, level);
        out.setString(Tag.RetrieveAETitle, VR.AE, aeTitle);
        for (int i = 0; i < result.size(); i++) {
            int tag = result.tagAt(i);
            if (tag == Tag.SpecificCharacterSet || tag == Tag.QueryRetrieveLevel || tag == Tag.RetrieveAETitle) {
                continue;
            }
            VR vr = result.vrAt(i);
            Object value = result.valueAt(i);
            if (value instanceof byte[] bytes && bytes.length > 0 && vr.isCharsetDependent()) {
                // The index answers in UTF-8; re-encode in the response's character set.
                out.setString(tag, vr, result.getText(tag));
            } else {
                out.setValue(tag, vr, value);
            }
        }
        return out;
    }

    /** Whether every text value of {@code result} can be encoded in {@code charset}. */
    private static boolean canEncode(Dataset result, SpecificCharacterSet charset) {
        for (int i = 0; i < result.size(); i++) {
            if (result.vrAt(i).isCharsetDependent() && result.valueAt(i) instanceof byte[] bytes && bytes.length > 0
                && !charset.canEncode(result.getText(result.tagAt(i)))) {
                return false;
            }
        }
        return true;
    }

    // ------------------------------------------------------------------ failures

    private static DimseException invalid(String comment) {
        return new DimseException(Status.IDENTIFIER_DOES_NOT_MATCH_SOP_CLASS, comment);
    }

    /** The one place where index failures become C-FIND statuses. */
    static Throwable failure(Throwable error) {
        if (error instanceof DimseException) {
            return error;
        }
        if (error instanceof IndexUnavailableException) {
            return new DimseException(DimseStatus.of(Status.OUT_OF_RESOURCES, "index unavailable"), error);
        }
        if (error instanceof InvalidQueryException e) {
            return invalid(e.getMessage());
        }
        return new DimseException(DimseStatus.of(Status.UNABLE_TO_PROCESS, "query failed"), error);
    }
}
