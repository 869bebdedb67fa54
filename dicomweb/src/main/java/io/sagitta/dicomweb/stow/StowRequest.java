package io.sagitta.dicomweb.stow;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
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
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One STOW-RS request. The request is paused; one chunk is fetched, fed to the multipart reader,
 * and the events it produced are applied in order (part bytes gathered into writes of
 * {@link #WRITE_BATCH} to the store path, each write awaited); only then is the next chunk fetched.
 * Memory holds a batch of the current part (slices of the chunks), the last batches of the parts
 * finishing, and a part's File Meta Information, whatever the size of the parts.
 *
 * <p>A part whose bytes are all written is finished (checked, its blob made durable, its index row
 * written) while the next parts are read: up to {@link #MAX_FINISHING} at once. One after the
 * other, each part of a request of small instances would wait for its own fsync and index commit;
 * overlapped, the index writes the request's parts in batches. The response lists the parts in
 * their order in the body, once all have finished.
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

    /** Parts of one request that may be finishing at once (each holds an open blob and its metadata). */
    static final int MAX_FINISHING = 16;

    /**
     * A part's bytes go to the store path in writes of at least this much, the last of them with the commit: the
     * body arrives in pieces of a few KiB, and each write is a task of the blob store's workers. A small instance
     * then costs one such task, and a large one's first write is big enough to go past the page cache.
     */
    static final int WRITE_BATCH = 256 * 1024;

    private sealed interface Event permits PartStart, PartData, PartEnd {
    }

    private record PartStart(Map<String, String> headers) implements Event {
    }

    private record PartData(Buffer data) implements Event {
    }

    private record PartEnd() implements Event {
    }

    private static final PartEnd PART_END = new PartEnd();

    /** A part of the body: read while it is the current one, then finished on its own. */
    private static final class Part {
        final int number;
        final Part10Splitter splitter = new Part10Splitter();
        /** Set once the part has failed or its bytes are all written: the rest of it is ignored. */
        boolean skipping;
        InstanceWriter writer;
        String sopClass;
        String sopInstance;
        /** Bytes received and not yet written: slices of the request's chunks, not copies. */
        private final List<Buffer> held = new ArrayList<>();
        private int heldBytes;

        Part(int number) {
            this.number = number;
        }

        void hold(Buffer data) {
            if (data.length() > 0) {
                held.add(data);
                heldBytes += data.length();
            }
        }

        boolean holdsABatch() {
            return heldBytes >= WRITE_BATCH;
        }

        /** What is held, as one buffer (the pieces wrapped, not copied), or null when nothing is. */
        Buffer takeHeld() {
            Buffer taken = switch (held.size()) {
                case 0 -> null;
                case 1 -> held.get(0);
                default -> BufferInternal.buffer(Unpooled.wrappedBuffer(held.size(),
                    held.stream().map(b -> ((BufferInternal) b).getByteBuf()).toArray(ByteBuf[]::new)));
            };
            held.clear();
            heldBytes = 0;
            return taken;
        }
    }

    private final RoutingContext ctx;
    private final HttpServerRequest request;
    private final InstanceStore store;
    private final String base;
    private final String study;
    private final MultipartReader reader;
    private final List<Event> events = new ArrayList<>();
    private final DicomWebListener listener;

    private final StowOutcomes outcomes = new StowOutcomes();
    private final FinishingParts finishing = new FinishingParts(MAX_FINISHING);
    private Throwable storageFailure;
    private boolean over;
    private Part part;

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
        // The end comes through the same queue as the chunks, so only after the last one was fetched.
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
        applyEvents(0);
    }

    /** Applies the chunk's events from {@code from} on, each once the one before is done; then fetches the next chunk. */
    private void applyEvents(int from) {
        for (int i = from; i < events.size(); i++) {
            Future<Void> f;
            try {
                f = apply(events.get(i));
            } catch (RuntimeException e) {
                f = Future.failedFuture(e);
            }
            if (!f.isComplete()) {
                int next = i + 1;
                f.onComplete(ar -> {
                    if (ar.failed()) {
                        abandon(ar.cause());
                    } else if (!over) {
                        applyEvents(next);
                    }
                });
                return;
            }
            if (f.failed()) {
                abandon(f.cause());
                return;
            }
        }
        events.clear();
        if (!over) {
            request.fetch(1);
        }
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
        finishing.drained().onComplete(v -> answer());
    }

    private void answer() {
        if (outcomes.storedCount() == 0 && outcomes.failedCount() == 0) {
            ctx.fail(new MalformedMultipartException("the multipart body has no parts"));
            return;
        }
        if (outcomes.storedCount() == 0 && storageFailure != null) {
            ctx.fail(storageFailure); // storage down before anything was stored: 503
            return;
        }
        ctx.response().setStatusCode(outcomes.status())
            .putHeader("Content-Type", MediaTypes.DICOM_JSON)
            .end(DicomJsonWriter.create().toJson(outcomes.response(base, study)));
    }

    private void onBroken(Throwable t) {
        if (!over) {
            over = true;
            abortPart();
            LOG.log(System.Logger.Level.DEBUG, "STOW-RS request broken off: " + t);
        }
    }

    /**
     * Stops reading: the part being read is dropped, the rest of the body drained, the failure
     * answered. Parts already finishing complete on their own: they were received whole.
     */
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
        events.add(PART_END);
    }

    @Override
    public void end() {
    }

    /** Part failures are recorded, never returned as failed futures; a failed future stops the request. */
    private Future<Void> apply(Event event) {
        if (event instanceof PartStart s) {
            part = new Part(outcomes.reserve());
            String type = s.headers().get("content-type");
            if (type != null && !"application/dicom".equals(MediaType.type(type))) {
                fail(part, CANNOT_UNDERSTAND);
            }
            return Future.succeededFuture();
        }
        Part p = part;
        if (p.skipping) {
            return Future.succeededFuture();
        }
        if (event instanceof PartData d) {
            return write(p, d.data());
        }
        if (p.writer == null) {
            fail(p, CANNOT_UNDERSTAND); // ended inside (or before) its Part 10 header
            return Future.succeededFuture();
        }
        p.skipping = true;
        if (finishing.contains(p.sopInstance)) {
            // The same instance again in this request: it must replace the earlier part, not race it.
            return finishing.drained().compose(v -> finish(p));
        }
        return finish(p);
    }

    private Future<Void> write(Part p, Buffer data) {
        if (p.writer != null) {
            p.hold(data);
            return writeHeldBatch(p);
        }
        Part10Splitter.Split split;
        try {
            split = p.splitter.feed(data);
        } catch (DicomParseException e) {
            fail(p, CANNOT_UNDERSTAND);
            return Future.succeededFuture();
        }
        if (split == null) {
            return Future.succeededFuture();
        }
        p.sopClass = split.sopClassUid();
        p.sopInstance = split.sopInstanceUid();
        InstanceWriter w = store.begin(p.sopClass, p.sopInstance, split.syntax(), study);
        p.writer = w;
        p.hold(split.carried());
        p.hold(split.rest());
        return writeHeldBatch(p);
    }

    private Future<Void> writeHeldBatch(Part p) {
        return p.holdsABatch() ? guard(p, p.writer.write(p.takeHeld())) : Future.succeededFuture();
    }

    /** Starts finishing {@code p}; completes once there is room for the next part to finish. */
    private Future<Void> finish(Part p) {
        InstanceWriter w = p.writer;
        p.writer = null;
        finishing.add(p.sopInstance, w.finish(p.takeHeld()).transform(ar -> {
            if (ar.succeeded()) {
                stored(p, ar.result());
            } else {
                failWith(p, ar.cause());
            }
            return Future.<Void>succeededFuture();
        }));
        return finishing.room();
    }

    /** A write that fails makes the part fail (the writer aborts itself on bad DICOM; aborting again is harmless). */
    private Future<Void> guard(Part p, Future<Void> write) {
        return write.transform(ar -> {
            if (ar.failed()) {
                InstanceWriter w = p.writer;
                p.writer = null;
                failWith(p, ar.cause());
                return w == null ? Future.<Void>succeededFuture() : w.abort().transform(x -> Future.<Void>succeededFuture());
            }
            return Future.<Void>succeededFuture();
        });
    }

    private void failWith(Part p, Throwable cause) {
        if (cause instanceof DicomParseException) {
            fail(p, CANNOT_UNDERSTAND);
        } else if (cause instanceof InvalidInstanceException) {
            fail(p, DATA_SET_DOES_NOT_MATCH);
        } else if (cause instanceof BlobStoreException || cause instanceof IndexUnavailableException) {
            if (storageFailure == null) {
                storageFailure = cause;
            }
            LOG.log(System.Logger.Level.WARNING, "STOW-RS: storage failed for " + p.sopInstance + ": " + cause);
            fail(p, OUT_OF_RESOURCES);
        } else {
            LOG.log(System.Logger.Level.ERROR, "STOW-RS: storing " + p.sopInstance + " failed", cause);
            fail(p, PROCESSING_FAILURE);
        }
    }

    private void fail(Part p, int reason) {
        p.skipping = true;
        outcomes.failed(p.number, p.sopClass, p.sopInstance, reason);
        listener.storeFailed(ctx, p.sopInstance, reason);
    }

    private void stored(Part p, StoredInstance stored) {
        StoreResult r = stored.result();
        outcomes.stored(p.number, p.sopClass, p.sopInstance,
            ResourceUrls.instance(base, r.studyInstanceUid(), r.seriesInstanceUid(), r.sopInstanceUid()), r.studyInstanceUid());
        listener.stored(ctx, stored);
    }

    private void abortPart() {
        if (part != null && part.writer != null) {
            InstanceWriter w = part.writer;
            part.writer = null;
            w.abort();
        }
    }
}
