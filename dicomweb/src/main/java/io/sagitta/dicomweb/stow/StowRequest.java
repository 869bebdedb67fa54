package io.sagitta.dicomweb.stow;

import io.sagitta.core.data.Dataset;
import io.sagitta.core.data.Sequence;
import io.sagitta.core.data.Tag;
import io.sagitta.core.data.VR;
import io.sagitta.core.io.DicomParseException;
import io.sagitta.core.json.DicomJsonWriter;
import io.sagitta.dicomweb.DicomWebListener;
import io.sagitta.dicomweb.http.MediaTypes;
import io.sagitta.dicomweb.http.ResourceUrls;
import io.sagitta.storage.blob.BlobStoreException;
import io.sagitta.storage.index.IndexUnavailableException;
import io.sagitta.storage.index.StoreResult;
import io.sagitta.storage.store.InstanceStore;
import io.sagitta.storage.store.InstanceWriter;
import io.sagitta.storage.store.InvalidInstanceException;
import io.sagitta.storage.store.StoredInstance;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One STOW-RS request. The request is paused; one chunk is fetched, fed to the multipart reader,
 * and the events it produced are applied in order (part bytes written to the store path, each
 * write awaited); only then is the next chunk fetched. Memory holds one chunk plus a part's File
 * Meta Information, whatever the size of the parts.
 *
 * <p>A part that fails (not DICOM, not the instance it claims, another study, storage error)
 * becomes an item of FailedSOPSequence and the next part is read. A malformed multipart body
 * stops the request with 400; instances completed before the fault stay stored (each part is
 * stored on its own, as STOW-RS allows partial success).
 */
final class StowRequest implements MultipartHandler {

    private static final System.Logger LOG = System.getLogger(StowRequest.class.getName());

    /** PS3.18 Table 10.5.3-2 / PS3.4 GG.4-1 failure reasons. */
    static final int PROCESSING_FAILURE = 0x0110;
    static final int OUT_OF_RESOURCES = 0xA700;
    static final int DATA_SET_DOES_NOT_MATCH = 0xA900;
    static final int CANNOT_UNDERSTAND = 0xC000;

    private sealed interface Event permits PartStart, PartData, PartEnd {
    }

    private record PartStart(Map<String, String> headers) implements Event {
    }

    private record PartData(Buffer data) implements Event {
    }

    private record PartEnd() implements Event {
    }

    private final RoutingContext ctx;
    private final HttpServerRequest request;
    private final InstanceStore store;
    private final String base;
    private final String study;
    private final MultipartReader reader;
    private final List<Event> events = new ArrayList<>();
    private final DicomWebListener listener;

    private final Dataset response = new Dataset();
    private final List<Dataset> referenced = new ArrayList<>();
    private final List<Dataset> failed = new ArrayList<>();
    private final List<String> studies = new ArrayList<>();
    private Throwable storageFailure;
    private boolean over;

    // The current part.
    private boolean skipping;
    private Part10Splitter splitter;
    private InstanceWriter writer;
    private String sopClass;
    private String sopInstance;

    StowRequest(RoutingContext ctx, InstanceStore store, String base, String study, String boundary,
                DicomWebListener listener) {
        this.listener = listener;
        this.ctx = ctx;
        this.request = ctx.request();
        this.store = store;
        this.base = base;
        this.study = study;
        this.reader = new MultipartReader(boundary, StowRoutes.MAX_HEADER_BYTES, StowRoutes.MAX_PARTS, this);
    }

    void start() {
        request.pause();
        request.handler(this::onChunk);
        request.endHandler(v -> onEnd());
        request.exceptionHandler(this::onBroken);
        request.fetch(1);
    }

    private void onChunk(Buffer chunk) {
        if (over) {
            return;
        }
        try {
            reader.feed(chunk);
        } catch (MalformedMultipartException e) {
            abandon(e);
            return;
        }
        List<Event> todo = new ArrayList<>(events);
        events.clear();
        Future<Void> f = Future.succeededFuture();
        for (Event event : todo) {
            f = f.compose(v -> apply(event));
        }
        f.onComplete(ar -> {
            if (ar.failed()) {
                abandon(ar.cause());
            } else if (!over) {
                request.fetch(1);
            }
        });
    }

    private void onEnd() {
        if (over) {
            return;
        }
        try {
            reader.finish();
        } catch (MalformedMultipartException e) {
            abandon(e);
            return;
        }
        over = true;
        if (referenced.isEmpty() && failed.isEmpty()) {
            ctx.fail(new MalformedMultipartException("the multipart body has no parts"));
            return;
        }
        if (referenced.isEmpty() && storageFailure != null) {
            ctx.fail(storageFailure); // storage down before anything was stored: 503
            return;
        }
        respond();
    }

    private void onBroken(Throwable t) {
        if (!over) {
            over = true;
            abortPart();
            LOG.log(System.Logger.Level.DEBUG, "STOW-RS request broken off: " + t);
        }
    }

    /** Stops reading: the part in progress is dropped, the rest of the body drained, the failure answered. */
    private void abandon(Throwable failure) {
        if (over) {
            return;
        }
        over = true;
        abortPart();
        if (!request.isEnded()) {
            // Drain the rest unread, then close: the client may still be sending.
            request.handler(b -> { });
            request.resume();
            ctx.response().putHeader("Connection", "close");
        }
        ctx.fail(failure);
    }

    // MultipartHandler: collect, apply after the chunk is read.

    @Override
    public void partStart(Map<String, String> headers) {
        events.add(new PartStart(headers));
    }

    @Override
    public void partData(Buffer data) {
        events.add(new PartData(data));
    }

    @Override
    public void partEnd() {
        events.add(new PartEnd());
    }

    @Override
    public void end() {
    }

    /** Part failures are recorded, never returned as failed futures; a failed future stops the request. */
    private Future<Void> apply(Event event) {
        if (event instanceof PartStart s) {
            String type = s.headers().get("content-type");
            skipping = false;
            sopClass = null;
            sopInstance = null;
            writer = null;
            splitter = new Part10Splitter();
            if (type != null && !"application/dicom".equals(MediaType.type(type))) {
                fail(CANNOT_UNDERSTAND);
            }
            return Future.succeededFuture();
        }
        if (event instanceof PartData d) {
            if (skipping) {
                return Future.succeededFuture();
            }
            if (writer != null) {
                return guard(writer.write(d.data()));
            }
            Part10Splitter.Split split;
            try {
                split = splitter.feed(d.data());
            } catch (DicomParseException e) {
                fail(CANNOT_UNDERSTAND);
                return Future.succeededFuture();
            }
            if (split == null) {
                return Future.succeededFuture();
            }
            sopClass = split.sopClassUid();
            sopInstance = split.sopInstanceUid();
            writer = store.begin(sopClass, sopInstance, split.syntax(), study);
            InstanceWriter w = writer;
            Future<Void> first = split.carried().length() == 0 ? Future.succeededFuture() : w.write(split.carried());
            return guard(first.compose(v -> split.rest().length() == 0 ? Future.succeededFuture() : w.write(split.rest())));
        }
        // PartEnd
        if (skipping) {
            return Future.succeededFuture();
        }
        if (writer == null) {
            fail(CANNOT_UNDERSTAND); // ended inside (or before) its Part 10 header
            return Future.succeededFuture();
        }
        InstanceWriter w = writer;
        writer = null;
        skipping = true;
        return w.finish().transform(ar -> {
            if (ar.succeeded()) {
                stored(ar.result());
            } else {
                failWith(ar.cause());
            }
            return Future.<Void>succeededFuture();
        });
    }

    /** A write that fails makes the part fail (the writer aborts itself on bad DICOM; aborting again is harmless). */
    private Future<Void> guard(Future<Void> write) {
        return write.transform(ar -> {
            if (ar.failed()) {
                InstanceWriter w = writer;
                writer = null;
                failWith(ar.cause());
                return w == null ? Future.<Void>succeededFuture() : w.abort().transform(x -> Future.<Void>succeededFuture());
            }
            return Future.<Void>succeededFuture();
        });
    }

    private void failWith(Throwable cause) {
        if (cause instanceof DicomParseException) {
            fail(CANNOT_UNDERSTAND);
        } else if (cause instanceof InvalidInstanceException) {
            fail(DATA_SET_DOES_NOT_MATCH);
        } else if (cause instanceof BlobStoreException || cause instanceof IndexUnavailableException) {
            if (storageFailure == null) {
                storageFailure = cause;
            }
            LOG.log(System.Logger.Level.WARNING, "STOW-RS: storage failed for " + sopInstance + ": " + cause);
            fail(OUT_OF_RESOURCES);
        } else {
            LOG.log(System.Logger.Level.ERROR, "STOW-RS: storing " + sopInstance + " failed", cause);
            fail(PROCESSING_FAILURE);
        }
    }

    private void fail(int reason) {
        skipping = true;
        Dataset item = new Dataset();
        if (sopClass != null) {
            item.setString(Tag.ReferencedSOPClassUID, VR.UI, sopClass);
        }
        if (sopInstance != null) {
            item.setString(Tag.ReferencedSOPInstanceUID, VR.UI, sopInstance);
        }
        item.setInt(Tag.FailureReason, VR.US, reason);
        failed.add(item);
        listener.storeFailed(ctx, sopInstance, reason);
    }

    private void stored(StoredInstance stored) {
        StoreResult r = stored.result();
        Dataset item = new Dataset();
        item.setString(Tag.ReferencedSOPClassUID, VR.UI, sopClass);
        item.setString(Tag.ReferencedSOPInstanceUID, VR.UI, sopInstance);
        item.setString(Tag.RetrieveURL, VR.UR,
            ResourceUrls.instance(base, r.studyInstanceUid(), r.seriesInstanceUid(), r.sopInstanceUid()));
        referenced.add(item);
        listener.stored(ctx, stored);
        if (!studies.contains(r.studyInstanceUid())) {
            studies.add(r.studyInstanceUid());
        }
    }

    private void abortPart() {
        if (writer != null) {
            InstanceWriter w = writer;
            writer = null;
            w.abort();
        }
    }

    /**
     * PS3.18 Table 10.5.3-1 (STOW-RS status codes): 200 OK when all instances were stored;
     * 202 Accepted when some were stored and others failed (or carry warnings); 409 Conflict when
     * none could be stored (the response still lists why in FailedSOPSequence).
     */
    private void respond() {
        String studyUid = study != null ? study : studies.size() == 1 ? studies.get(0) : null;
        if (studyUid != null && !referenced.isEmpty()) {
            response.setString(Tag.RetrieveURL, VR.UR, ResourceUrls.study(base, studyUid));
        }
        if (!failed.isEmpty()) {
            Sequence seq = response.newSequence(Tag.FailedSOPSequence);
            for (Dataset d : failed) {
                seq.add(d);
            }
        }
        if (!referenced.isEmpty()) {
            Sequence seq = response.newSequence(Tag.ReferencedSOPSequence);
            for (Dataset d : referenced) {
                seq.add(d);
            }
        }
        int status = failed.isEmpty() ? 200 : referenced.isEmpty() ? 409 : 202;
        ctx.response().setStatusCode(status)
            .putHeader("Content-Type", MediaTypes.DICOM_JSON)
            .end(DicomJsonWriter.create().toJson(response));
    }
}
