/**
 * WADO-RS rendered and thumbnail resources and WADO-URI's rendered answers: one frame of a stored
 * instance located ({@link io.sagitta.dicomweb.wado.PixelDataLayouts}, {@link io.sagitta.dicomweb.wado.FrameRanges}),
 * read alone from the blob, turned into an 8-bit image ({@link io.sagitta.dicomweb.rendered.FrameRenderer}:
 * Modality LUT, VOI window, MONOCHROME1, colour, baseline JPEG) and encoded as JPEG or PNG
 * ({@link io.sagitta.dicomweb.rendered.ImageEncoder}) on the rendering worker pool
 * ({@link io.sagitta.dicomweb.rendered.ImageRendering}), never on an event loop.
 */
package io.sagitta.dicomweb.rendered;
