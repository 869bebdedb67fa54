package io.sagitta.dicomweb.rendered;

import io.sagitta.dicomweb.http.HttpProblem;
import io.sagitta.dicomweb.wado.FrameRanges;
import io.sagitta.dicomweb.wado.PixelDataLayout;
import io.sagitta.dicomweb.wado.PixelDataLayouts;
import io.sagitta.storage.blob.BlobStore;
import io.sagitta.storage.index.InstanceLocation;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One frame of a stored instance to an encoded image: the header is parsed for the pixel layout
 * (on the event loop, a streaming parse), only that frame's bytes are read from the blob, and the
 * decoding, windowing, scaling and encoding run on the rendering worker pool (unordered, so
 * renderings of one connection run side by side).
 */
public final class ImageRendering {

    /** The name of the worker pool that renders images. */
    public static final String WORKER_POOL = "sagitta-rendering";

    private final BlobStore blobs;
    private final PixelDataLayouts layouts;
    private final WorkerExecutor workers;
    /** Bytes of heap all renderings in flight may hold together, by {@link #cost} estimate. */
    private final long budget;
    private final AtomicLong reserved = new AtomicLong();

    ImageRendering(PixelDataLayouts layouts, WorkerExecutor workers, long budget) {
        this.blobs = layouts.blobs();
        this.layouts = layouts;
        this.workers = workers;
        this.budget = budget;
    }

    /**
     * Renders from the blobs of {@code layouts} on the shared {@value #WORKER_POOL} pool: as many threads as cores,
     * since rendering is CPU-bound and more threads would only queue on the cores; shared by name,
     * so every router of a process (DICOMweb mounts, WADO-URI) uses the one pool. Renderings in
     * flight may hold a quarter of the heap together; beyond that a request is answered 503 (retry
     * later), so a burst of large frames cannot exhaust the memory the archive needs.
     */
    public static ImageRendering create(Vertx vertx, PixelDataLayouts layouts) {
        return new ImageRendering(layouts, vertx.createSharedWorkerExecutor(WORKER_POOL,
            Math.max(2, Runtime.getRuntime().availableProcessors())), Runtime.getRuntime().maxMemory() / 4);
    }

    /** Frame {@code frame} (1-based) of instance {@code l}, rendered as {@code parameters} and {@code type} ask. */
    public Future<byte[]> render(InstanceLocation l, int frame, RenderingParameters parameters, RenderedMediaType type) {
        try {
            FrameRenderer.checkRenderable(l.transferSyntaxUid());
        } catch (HttpProblem e) {
            return Future.failedFuture(e);
        }
        return layouts.layout(l.blobKey()).compose(layout -> {
            FrameRenderer.checkRenderable(layout);
            return FrameRanges.of(blobs, l.blobKey(), layout, List.of(frame)).compose(ranges -> {
                long size = 0;
                for (long[] r : ranges.get(0)) {
                    size += r[1];
                }
                long cost = cost(layout, size, parameters);
                if (cost > budget) {
                    return Future.failedFuture(HttpProblem.notAcceptable("frame " + frame + " is too large to render: "
                        + "it would take about " + (cost >> 20) + " MB of the " + (budget >> 20) + " MB set aside for rendering"));
                }
                if (reserved.addAndGet(cost) > budget) {
                    reserved.addAndGet(-cost);
                    return Future.failedFuture(new HttpProblem(503, "busy rendering other images; retry shortly"));
                }
                return blobs.readRanges(l.blobKey(), ranges.get(0))
                    .compose(bytes -> workers.executeBlocking(() -> ImageEncoder.encode(
                        FrameRenderer.render(layout, bytes.getBytes(), parameters.window()), parameters, type), false))
                    .eventually(() -> {
                        reserved.addAndGet(-cost);
                        return Future.succeededFuture();
                    });
            });
        });
    }

    /**
     * About the heap one rendering holds at its peak: the stored frame twice (read, then copied),
     * for each pixel an int of unpacked sample or decoded JPEG plus the 8-bit or RGB image, and the
     * output image when a viewport enlarges it.
     */
    static long cost(PixelDataLayout layout, long storedBytes, RenderingParameters parameters) {
        long pixels = (long) layout.rows() * layout.columns() * layout.samplesPerPixel();
        long output = (long) parameters.viewportWidth() * parameters.viewportHeight() * 4;
        return 2 * storedBytes + 8 * pixels + output;
    }

    /** Bytes reserved by renderings in flight (for tests: 0 when none is). */
    long reserved() {
        return reserved.get();
    }
}
