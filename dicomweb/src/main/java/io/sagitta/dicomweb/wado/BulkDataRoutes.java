package io.sagitta.dicomweb.wado;

import io.sagitta.core.data.TransferSyntax;
import io.sagitta.dicomweb.DicomWebOptions;
import io.sagitta.dicomweb.http.EntityTags;
import io.sagitta.dicomweb.http.HttpProblem;
import io.sagitta.dicomweb.http.ResourceUrls;
import io.sagitta.dicomweb.http.SendFile;
import io.sagitta.storage.blob.BlobStore;
import io.sagitta.storage.index.InstanceIndex;
import io.sagitta.storage.index.InstanceLocation;
import io.sagitta.storage.index.Scope;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;

/**
 * WADO-RS bulk data (PS3.18 10.4.1.1.5): the BulkDataURIs of the metadata,
 * {@code .../instances/{i}/bulkdata/{path}} ({@link BulkValueLocator} finds the value), sent from
 * the blob by {@link RangeResponse}:
 * <ul>
 *   <li>{@code Accept: application/octet-stream} (OHIF's single-part bulk data): the value's bytes
 *       as the whole body, with Content-Length;
 *   <li>otherwise {@code multipart/related; type="application/octet-stream"} with the value as its
 *       one part.
 * </ul>
 * Encapsulated Pixel Data's bulk data is its frames (one part each, compressed as stored; a single
 * part only when there is one frame). Values of a big endian instance whose VR has multi-byte units
 * would need swapping and are 406, as is anything in a deflated instance (its offsets are in the
 * inflated stream). Cached like the other retrieve answers, with an ETag.
 */
public final class BulkDataRoutes {

    private final InstanceIndex index;
    private final BlobStore blobs;
    private final PixelDataLayouts layouts;
    private final DicomWebOptions options;

    private BulkDataRoutes(InstanceIndex index, PixelDataLayouts layouts, DicomWebOptions options) {
        this.index = index;
        this.blobs = layouts.blobs();
        this.layouts = layouts;
        this.options = options;
    }

    public static void mount(Router router, InstanceIndex index, PixelDataLayouts layouts, DicomWebOptions options) {
        BulkDataRoutes routes = new BulkDataRoutes(index, layouts, options);
        router.getWithRegex("/studies/(?<study>[^/]+)/series/(?<series>[^/]+)/instances/(?<instance>[^/]+)/bulkdata/(?<path>.+)")
            .handler(routes::handle);
    }

    private void handle(RoutingContext ctx) {
        RetrieveNegotiation.Choice choice = RetrieveNegotiation.shape(ctx, FrameRoutes.OCTET_STREAM);
        Scope scope = Scope.instance(ResourceUrls.requireUid(ctx, "study"), ResourceUrls.requireUid(ctx, "series"),
            ResourceUrls.requireUid(ctx, "instance"));
        String path = ctx.pathParam("path");
        BulkValueLocator.parsePath(path); // 400 before anything is read
        index.locations(scope)
            .compose(locations -> {
                if (locations.isEmpty()) {
                    return Future.failedFuture(HttpProblem.notFound(InstanceRoutes.describe(scope) + " not found"));
                }
                InstanceLocation l = locations.get(0);
                TransferSyntax syntax = TransferSyntax.of(l.transferSyntaxUid());
                if (syntax != null && syntax.deflated()) {
                    return Future.failedFuture(HttpProblem.notAcceptable("bulk data of a deflated instance is not available; "
                        + "retrieve the instance"));
                }
                String etag = EntityTags.of(locations, "bulkdata;" + path + (choice.singlePart() ? ";single" : ""),
                    !choice.singlePart());
                if (EntityTags.notModified(ctx.request(), ctx.response(), etag, InstanceRoutes.CACHE_CONTROL)) {
                    return Future.succeededFuture();
                }
                return BulkValueLocator.locate(blobs, l.blobKey(), path).compose(value -> {
                    if (value.encapsulated()) {
                        return frames(ctx, l, choice);
                    }
                    if (syntax != null && syntax.bigEndian() && value.vr().unitSize() > 1) {
                        return Future.failedFuture(HttpProblem.notAcceptable("the value is stored big endian; "
                            + "retrieve the instance"));
                    }
                    List<long[]> ranges = value.length() == 0 ? List.of() : List.of(new long[] {value.offset(), value.length()});
                    return send(ctx, l, choice.singlePart(), FrameRoutes.OCTET_STREAM, List.of(ranges));
                });
            })
            .onFailure(ctx::fail);
    }

    /** Encapsulated Pixel Data: every frame. */
    private Future<Void> frames(RoutingContext ctx, InstanceLocation l, RetrieveNegotiation.Choice choice) {
        String syntax = RetrieveNegotiation.choose(choice.syntaxes(), l.transferSyntaxUid());
        if (syntax == null) {
            return Future.failedFuture(HttpProblem.notAcceptable("the Pixel Data is stored in transfer syntax "
                + l.transferSyntaxUid() + "; ask for transfer-syntax=*"));
        }
        return layouts.layout(l.blobKey()).compose(layout -> {
            if (choice.singlePart() && layout.numberOfFrames() != 1) {
                return Future.failedFuture(HttpProblem.notAcceptable(layout.numberOfFrames() + " frames come as "
                    + "multipart/related; type=\"application/octet-stream\" only"));
            }
            List<Integer> all = new ArrayList<>();
            for (int n = 1; n <= layout.numberOfFrames(); n++) {
                all.add(n);
            }
            return FrameRanges.of(blobs, l.blobKey(), layout, all).compose(ranges -> send(ctx, l,
                choice.singlePart(), FrameRoutes.OCTET_STREAM + "; transfer-syntax=" + syntax, ranges));
        });
    }

    /** {@code parts} (each a list of byte ranges) as one body or as a multipart; single part carries exactly one part. */
    private Future<Void> send(RoutingContext ctx, InstanceLocation l, boolean single, String partType,
                              List<List<long[]>> parts) {
        SendFile sendFile = SendFile.of(ctx, options.sendFile());
        return single ? RangeResponse.single(blobs, l.blobKey(), ctx.response(), sendFile, partType, parts.get(0))
            : RangeResponse.multipart(blobs, l.blobKey(), ctx.response(), sendFile, partType, parts);
    }
}
