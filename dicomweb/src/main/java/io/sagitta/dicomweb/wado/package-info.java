/**
 * WADO-RS retrieval of instances ({@link io.sagitta.dicomweb.wado.InstanceRoutes}), frames
 * ({@link io.sagitta.dicomweb.wado.FrameRoutes}, {@link io.sagitta.dicomweb.wado.FrameRanges}) and bulk data
 * ({@link io.sagitta.dicomweb.wado.BulkDataRoutes}), and WADO-URI ({@link io.sagitta.dicomweb.wado.WadoUri}).
 * Bytes come from the blob store as they were stored and are piped to the client with
 * back-pressure, or re-encoded chunk by chunk from implicit to explicit VR little endian
 * ({@link io.sagitta.dicomweb.wado.ExplicitVrTranscoder}); nothing is buffered whole. Not here:
 * other transcoding (406). Rendered images live in {@code io.sagitta.dicomweb.rendered}.
 */
package io.sagitta.dicomweb.wado;
