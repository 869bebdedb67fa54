package io.sagitta.dicomweb.rendered;

import io.sagitta.dicomweb.http.HttpProblem;
import io.sagitta.storage.index.InstanceLocation;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.util.Locale;

/**
 * WADO-URI's rendered answers (PS3.18 9.1.2, 9.1.2.1): {@code contentType} image/jpeg or image/png
 * through the same renderer as WADO-RS, with {@code rows} and {@code columns} (the most of each
 * in the output, aspect kept), {@code windowCenter} and {@code windowWidth} (together, linear),
 * {@code frameNumber} (from 1) and {@code imageQuality} (1..100).
 */
public final class WadoUriRendering {

    private final ImageRendering rendering;

    public WadoUriRendering(ImageRendering rendering) {
        this.rendering = rendering;
    }

    /**
     * The first rendered type in a WADO-URI {@code contentType} list (best first) that comes before
     * any {@code application/dicom}, or null when the DICOM file is wanted.
     */
    public static RenderedMediaType renderedType(String contentTypes) {
        for (String t : contentTypes.split(",")) {
            String type = t.split(";")[0].trim().toLowerCase(Locale.ROOT);
            switch (type) {
                case "application/dicom": case "application/*": case "*/*": return null;
                case "image/jpeg": case "image/jpg": case "image/*": return RenderedMediaType.JPEG;
                case "image/png": return RenderedMediaType.PNG;
                default: break;
            }
        }
        throw HttpProblem.notAcceptable("contentType " + RenderingParameters.printable(contentTypes)
            + " is not available: application/dicom, image/jpeg and image/png are");
    }

    /** The request's rendering parameters and frame; {@link HttpProblem} 400 when one is malformed. */
    public static RenderingParameters parameters(MultiMap query) {
        String center = query.get("windowCenter");
        String width = query.get("windowWidth");
        if ((center == null) != (width == null)) {
            throw HttpProblem.badRequest("windowCenter and windowWidth go together");
        }
        VoiWindow window = center == null ? null : RenderingParameters.window(RenderingParameters.number(center, "windowCenter"),
            RenderingParameters.number(width, "windowWidth"), VoiWindow.Function.LINEAR);
        String rows = query.get("rows");
        String columns = query.get("columns");
        int vh = rows == null ? 0 : RenderingParameters.viewportSide(rows, "rows");
        int vw = columns == null ? 0 : RenderingParameters.viewportSide(columns, "columns");
        if (vh != 0 || vw != 0) {
            // One given: the other side is free.
            vh = vh == 0 ? RenderingParameters.MAX_VIEWPORT : vh;
            vw = vw == 0 ? RenderingParameters.MAX_VIEWPORT : vw;
        }
        String quality = query.get("imageQuality");
        return new RenderingParameters(window, vw, vh, quality == null ? RenderingParameters.DEFAULT_QUALITY
            : RenderingParameters.quality(quality));
    }

    /** {@code frameNumber}, 1 when absent. */
    public static int frameNumber(MultiMap query) {
        String s = query.get("frameNumber");
        if (s == null) {
            return 1;
        }
        String t = s.trim();
        if (t.isEmpty() || t.length() > 9 || !t.chars().allMatch(c -> c >= '0' && c <= '9') || Integer.parseInt(t) < 1) {
            throw HttpProblem.badRequest("frameNumber must be a whole number from 1: '" + RenderingParameters.printable(s) + "'");
        }
        return Integer.parseInt(t);
    }

    /** Renders {@code l} as asked and answers with the image. */
    public Future<Void> respond(HttpServerResponse response, InstanceLocation l, RenderedMediaType type,
                                RenderingParameters parameters, int frame) {
        return rendering.render(l, frame, parameters, type).compose(image -> response
            .putHeader("Content-Type", type.mime())
            .putHeader("Content-Encoding", "identity")
            .putHeader("Cache-Control", "private, max-age=3600")
            .end(Buffer.buffer(image)));
    }
}
