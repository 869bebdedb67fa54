/**
 * The DICOM upper layer on Netty channels, for both sides.
 *
 * <ul>
 *   <li>{@link io.sagitta.core.net.channel.DimseAcceptor}: one association handler per accepted connection,
 *       dispatching to the {@link io.sagitta.core.net.service} interfaces; works in any pipeline (a plain
 *       {@code ServerBootstrap}, or a Vert.x {@code NetSocket}'s).</li>
 *   <li>{@link io.sagitta.core.net.channel.DicomClient} and {@link io.sagitta.core.net.channel.Association}:
 *       the requestor (C-ECHO, C-STORE; C-FIND/MOVE/GET later).</li>
 * </ul>
 *
 * <p>Inside: {@code AssociationHandler} drives the PS3.8 state table ({@code net.assoc}) and performs its
 * actions (ARTIM, idle and DIMSE response timers on the channel's event loop); {@code PduReader} decodes the
 * received bytes one PDU at a time; {@code MessageAssembler} rebuilds commands (bounded) and hands data set
 * fragments on as they arrive, reading paused (autoRead off) until the consumer's stage completes;
 * {@code MessageWriter} sends commands and streams data sets from a
 * {@link io.sagitta.core.net.service.DatasetSource}, fragmented to the peer's maximum PDU, pulling the next
 * chunk only while the channel is writable.
 *
 * <p>Futures: {@link java.util.concurrent.CompletableFuture}/{@link java.util.concurrent.CompletionStage}
 * (core cannot depend on Vert.x; Vert.x converts both ways). Whatever thread completes a stage, the
 * association continues on its own event loop, and the futures it hands out complete there.
 */
package io.sagitta.core.net.channel;
