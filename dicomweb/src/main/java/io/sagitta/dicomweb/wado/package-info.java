/**
 * WADO-RS retrieval of instances ({@link io.sagitta.dicomweb.wado.InstanceRoutes}), frames
 * ({@link io.sagitta.dicomweb.wado.FrameRoutes}, {@link io.sagitta.dicomweb.wado.FrameRanges}) and bulk data
 * ({@link io.sagitta.dicomweb.wado.BulkDataRoutes}), and WADO-URI ({@link io.sagitta.dicomweb.wado.WadoUri}).
 * Bytes come from the blob store as they were stored: instances and batches of frames of up to 4 MiB in one
 * read each (instances and single frames over plain HTTP/1.1 as file regions the kernel sends from the page
 * cache, see {@link io.sagitta.dicomweb.http.SendFile}), bigger ones piped to the client with back-pressure, or re-encoded
 * chunk by chunk from implicit to explicit VR little endian ({@link io.sagitta.dicomweb.wado.ExplicitVrTranscoder}).
 * Not here: other transcoding (406). Rendered images live in {@code io.sagitta.dicomweb.rendered}.
 */
package io.sagitta.dicomweb.wado;
