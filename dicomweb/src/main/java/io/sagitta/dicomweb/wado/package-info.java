/**
 * WADO-RS retrieval of instances ({@link io.sagitta.dicomweb.wado.InstanceRoutes}) and frames
 * ({@link io.sagitta.dicomweb.wado.FrameRoutes}), and WADO-URI ({@link io.sagitta.dicomweb.wado.WadoUri}).
 * Bytes come from the blob store as they were stored and are piped to the client with
 * back-pressure, or re-encoded chunk by chunk from implicit to explicit VR little endian
 * ({@link io.sagitta.dicomweb.wado.ExplicitVrTranscoder}); nothing is buffered whole. Not here yet:
 * other transcoding (406), rendered and thumbnail resources, bulk data URIs.
 */
package io.sagitta.dicomweb.wado;
