package io.sagitta.dicomweb.rendered;

import io.sagitta.dicomweb.http.HttpProblem;
import io.sagitta.dicomweb.wado.BlobRanges;
import io.sagitta.dicomweb.wado.FrameRanges;
import io.sagitta.dicomweb.wado.PixelDataLocator;
import io.sagitta.storage.blob.BlobStore;
import io.sagitta.storage.index.InstanceLocation;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.List;

/**
 * One frame of a stored instance to an encoded image: the header is parsed for the pixel layout
 * (on the event loop, a streaming parse), only that frame's bytes are read from the blob, and the
 * decoding, windowing, scaling and encoding run on the rendering worker pool (unordered, so
 * renderings of one connection run side by side).
 */
public final class ImageRendering {

    /** The largest frame rendered (stored bytes): a bound on what one rendering holds. */
    static final long MAX_FRAME_BYTES = 256L << 20;

    private final BlobStore blobs;
    private final WorkerExecutor workers;

    /** The name of the worker pool that renders images. */
    public static final String WORKER_POOL = "sagitta-rendering";

    private ImageRendering(BlobStore blobs, WorkerExecutor workers) {
        this.blobs = blobs;
        this.workers = workers;
    }

    /**
     * Renders from {@code blobs} on the shared {@value #WORKER_POOL} pool: as many threads as cores,
     * since rendering is CPU-bound and more threads would only queue on the cores; shared by name,
     * so every router of a process (DICOMweb mounts, WADO-URI) uses the one pool.
     */
    public static ImageRendering create(Vertx vertx, BlobStore blobs) {
        return new ImageRendering(blobs, vertx.createSharedWorkerExecutor(WORKER_POOL,
            Math.max(2, Runtime.getRuntime().availableProcessors())));
    }

    /** Frame {@code frame} (1-based) of instance {@code l}, rendered as {@code parameters} and {@code type} ask. */
    public Future<byte[]> render(InstanceLocation l, int frame, RenderingParameters parameters, RenderedMediaType type) {
        try {
            FrameRenderer.checkRenderable(l.transferSyntaxUid());
        } catch (HttpProblem e) {
            return Future.failedFuture(e);
        }
        return PixelDataLocator.locate(blobs, l.blobKey()).compose(layout -> {
            FrameRenderer.checkRenderable(layout);
            return FrameRanges.of(blobs, l.blobKey(), layout, List.of(frame)).compose(ranges -> {
                long size = 0;
                for (long[] r : ranges.get(0)) {
                    size += r[1];
                }
                if (size > MAX_FRAME_BYTES) {
                    return Future.failedFuture(HttpProblem.notAcceptable("frame " + frame + " holds " + size
                        + " bytes, more than the " + MAX_FRAME_BYTES + " that are rendered"));
                }
                return BlobRanges.read(blobs, l.blobKey(), ranges.get(0));
            }).compose(bytes -> workers.executeBlocking(() -> ImageEncoder.encode(
                FrameRenderer.render(layout, bytes.getBytes(), parameters.window()), parameters, type), false));
        });
    }
}
