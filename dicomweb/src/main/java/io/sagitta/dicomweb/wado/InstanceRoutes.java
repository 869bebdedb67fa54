package io.sagitta.dicomweb.wado;

import io.netty.buffer.ByteBuf;
import io.netty.channel.FileRegion;
import io.netty.util.ReferenceCounted;
import io.sagitta.dicomweb.DicomWebOptions;
import io.sagitta.dicomweb.http.EntityTags;
import io.sagitta.dicomweb.http.HttpProblem;
import io.sagitta.dicomweb.http.ResourceUrls;
import io.sagitta.dicomweb.http.SendFile;
import io.sagitta.storage.blob.BlobReadStream;
import io.sagitta.storage.blob.BlobStore;
import io.sagitta.storage.index.InstanceIndex;
import io.sagitta.storage.index.InstanceLocation;
import io.sagitta.storage.index.Scope;
import io.vertx.core.Future;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * WADO-RS instance retrieval (PS3.18 10.4.1.1.1): {@code /studies/{study}},
 * {@code .../series/{series}}, {@code .../instances/{instance}} as
 * {@code multipart/related; type="application/dicom"}, one part per instance holding its stored
 * Part 10 file. An instance of up to 4 MiB sent as stored is read whole in one task of the blob store and written
 * after its part head while the next is read: as a file region that the kernel sends from the page cache ({@link
 * SendFile}) where the connection and the store allow, else in pooled direct memory (a client that stops reading then
 * holds up to three instances: one in the connection's outbound buffer, one waiting, one read ahead). Bigger or
 * transcoded instances stream from the blob store with back-pressure.
 *
 * <p>Transfer syntaxes: {@code transfer-syntax=*} or none sends the stored bytes as they are; a
 * named syntax is served when every instance is stored in it, or, for explicit VR little endian,
 * stored in implicit VR little endian ({@link ExplicitVrTranscoder}, on the fly). Anything else
 * (compression, decompression, big endian) is 406 before a byte is sent.
 *
 * <p>Caching: {@code Cache-Control} private for an hour and a weak ETag over the instances' UIDs and
 * checksums and the negotiated representation ({@link EntityTags}); a matching {@code If-None-Match} is 304.
 *
 * <p>Failures: nothing matching is 404; the first blob missing or unreadable is 503 (the index
 * points at bytes the store cannot give); a blob failing once the response has started resets the
 * connection (see {@link io.sagitta.dicomweb.http.HttpErrors}) so no truncated response looks complete.
 */
public final class InstanceRoutes {

    static final String DICOM = "application/dicom";
    /** Instances are immutable per SOP Instance UID (a re-store is rare): caches may keep them a while. */
    public static final String CACHE_CONTROL = "private, max-age=3600";

    private final InstanceIndex index;
    private final BlobStore blobs;
    private final DicomWebOptions options;

    private InstanceRoutes(InstanceIndex index, BlobStore blobs, DicomWebOptions options) {
        this.index = index;
        this.blobs = blobs;
        this.options = options;
    }

    /** Adds the retrieve routes to {@code router}. */
    public static void mount(Router router, InstanceIndex index, BlobStore blobs, DicomWebOptions options) {
        InstanceRoutes routes = new InstanceRoutes(index, blobs, options);
        router.get("/studies/:study").handler(routes::handle);
        router.get("/studies/:study/series/:series").handler(routes::handle);
        router.get("/studies/:study/series/:series/instances/:instance").handler(routes::handle);
    }

    private void handle(RoutingContext ctx) {
        List<String> accepted = RetrieveNegotiation.acceptedSyntaxes(ctx, DICOM);
        String study = ResourceUrls.requireUid(ctx, "study");
        String series = ctx.pathParam("series") == null ? null : ResourceUrls.requireUid(ctx, "series");
        String instance = ctx.pathParam("instance") == null ? null : ResourceUrls.requireUid(ctx, "instance");
        Scope scope = new Scope(study, series, instance);
        String base = ResourceUrls.base(ctx, options);
        index.locations(scope)
            .compose(locations -> {
                if (locations.isEmpty()) {
                    return Future.failedFuture(HttpProblem.notFound(describe(scope) + " not found"));
                }
                for (InstanceLocation l : locations) {
                    if (RetrieveNegotiation.choose(accepted, l.transferSyntaxUid()) == null) {
                        return Future.failedFuture(HttpProblem.notAcceptable("instance " + l.sopInstanceUid()
                            + " is stored in transfer syntax " + l.transferSyntaxUid() + " and cannot be converted to "
                            + String.join(" or ", accepted) + "; ask for transfer-syntax=*"));
                    }
                }
                String etag = EntityTags.of(locations, "instances;" + String.join(",", accepted), true);
                if (EntityTags.notModified(ctx.request(), ctx.response(), etag, CACHE_CONTROL)) {
                    return Future.succeededFuture();
                }
                return new Retrieval(ctx, base, locations, accepted).start();
            })
            .onFailure(ctx::fail);
    }

    /**
     * Whether an instance is read whole (one task of the blob store) rather than streamed (a hand-off to a worker per
     * chunk, each a wait for a core under load): when it is sent as stored and is no bigger than one read may be.
     */
    private static boolean readsWhole(InstanceLocation l, List<String> accepted) {
        return l.size() > 0 && l.size() <= RangeResponse.WHOLE_READ_LIMIT
            && l.transferSyntaxUid().equals(RetrieveNegotiation.choose(accepted, l.transferSyntaxUid()));
    }

    /**
     * One retrieval: its instances, in order, as the parts of one response. An instance read whole comes as a file
     * region ({@link SendFile}: the kernel sends it from the page cache) where the connection and the blob store allow
     * it, else in a buffer of pooled direct memory; either way it is ours to release once written.
     */
    private final class Retrieval {

        private final RoutingContext ctx;
        private final String base;
        private final List<InstanceLocation> locations;
        private final List<String> accepted;
        private final SendFile sendFile;
        private final MultipartResponse multipart;

        Retrieval(RoutingContext ctx, String base, List<InstanceLocation> locations, List<String> accepted) {
            this.ctx = ctx;
            this.base = base;
            this.locations = locations;
            this.accepted = accepted;
            this.sendFile = SendFile.of(ctx, options.sendFile());
            this.multipart = new MultipartResponse(ctx.response());
        }

        Future<Void> start() {
            // Read (or open) the first blob before answering: if the store cannot give it, the status can still say so.
            InstanceLocation first = locations.get(0);
            if (readsWhole(first, accepted)) {
                return readWhole(first).compose(bytes -> send(Future.succeededFuture(bytes), null));
            }
            return blobs.get(first.blobKey()).compose(opened -> send(null, opened));
        }

        private Future<Void> send(Future<ReferenceCounted> ready, BlobReadStream opened) {
            // Content-Encoding identity: DICOM bytes gain little from gzip, and file regions pass the compressor only so.
            ctx.response().setChunked(true)
                .putHeader("Content-Type", multipart.contentType(DICOM))
                .putHeader("Content-Encoding", "identity")
                .putHeader("Cache-Control", CACHE_CONTROL);
            return sendFrom(0, ready, opened).compose(v -> multipart.end());
        }

        /**
         * Sends instances from {@code i} on. {@code ready}: instance {@code i} being read whole (ours to release);
         * {@code opened}: its stream, already open; neither: it is opened here. A whole instance goes out with its part
         * head while the next one is read.
         */
        private Future<Void> sendFrom(int i, Future<ReferenceCounted> ready, BlobReadStream opened) {
            if (i == locations.size()) {
                return Future.succeededFuture();
            }
            InstanceLocation l = locations.get(i);
            String syntax = RetrieveNegotiation.choose(accepted, l.transferSyntaxUid());
            String partType = DICOM + "; transfer-syntax=" + syntax;
            String location = ResourceUrls.instance(base, l.studyInstanceUid(), l.seriesInstanceUid(), l.sopInstanceUid());
            Future<Future<ReferenceCounted>> sent;
            if (ready != null) {
                sent = ready.compose(bytes -> {
                    Future<ReferenceCounted> next = readAhead(i + 1);
                    return OwnedBuffers.writeThenRelease(bytes, () -> writeWhole(partType, location, bytes))
                        .map(v -> next)
                        .onFailure(e -> OwnedBuffers.releaseWhenRead(next));
                });
            } else {
                Future<BlobReadStream> stream = opened != null ? Future.succeededFuture(opened) : blobs.get(l.blobKey());
                sent = stream
                    .compose(body -> multipart.startPart(partType, location)
                        .recover(e -> body.close().transform(ignored -> Future.failedFuture(e)))
                        .compose(v -> syntax.equals(l.transferSyntaxUid()) ? multipart.pipe(body)
                            : ExplicitVrTranscoder.transcode(body, multipart.response(), l.blobKey(), l.sopClassUid(),
                                l.sopInstanceUid())))
                    .map(v -> readAhead(i + 1));
            }
            return sent.compose(next -> {
                options.listener().retrieved(ctx, l);
                return sendFrom(i + 1, next, null);
            });
        }

        /** A part whose body was read whole: a file region after its head, or a buffer with it. */
        private Future<Void> writeWhole(String partType, String location, ReferenceCounted body) {
            if (body instanceof FileRegion region) {
                return sendFile.write(multipart.partHead(partType, location), region);
            }
            return multipart.writePart(partType, location, BufferInternal.buffer((ByteBuf) body));
        }

        /** Instance {@code l} read whole: a file region where the connection and the store take one, else a buffer. */
        private Future<ReferenceCounted> readWhole(InstanceLocation l) {
            return OwnedBuffers.readWhole(blobs, l.blobKey(), List.<long[]>of(new long[] {0, l.size()}), sendFile);
        }

        /** The whole read of instance {@code i}, started now, or null when there is none or it streams. */
        private Future<ReferenceCounted> readAhead(int i) {
            return i < locations.size() && readsWhole(locations.get(i), accepted) ? readWhole(locations.get(i)) : null;
        }
    }

    public static String describe(Scope scope) {
        if (scope.sopInstanceUid() != null) {
            return "instance " + scope.sopInstanceUid() + " of series " + scope.seriesInstanceUid() + " of study "
                + scope.studyInstanceUid();
        }
        if (scope.seriesInstanceUid() != null) {
            return "series " + scope.seriesInstanceUid() + " of study " + scope.studyInstanceUid();
        }
        return "study " + scope.studyInstanceUid();
    }
}
