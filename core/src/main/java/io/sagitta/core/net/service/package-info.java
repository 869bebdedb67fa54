/**
 * The DIMSE door's service interfaces: what an acceptor dispatches DIMSE requests to
 * ({@link io.sagitta.core.net.service.EchoService}, {@link io.sagitta.core.net.service.StoreService}), how a
 * received data set is streamed in ({@link io.sagitta.core.net.service.DimseDataHandler}) and an outgoing one
 * streamed out ({@link io.sagitta.core.net.service.DatasetSource}), and the one mapping of failures to
 * statuses ({@link io.sagitta.core.net.service.DimseStatuses}).
 *
 * <p>Futures are {@link java.util.concurrent.CompletionStage}s: core cannot depend on Vert.x, and a Vert.x
 * {@code Future} converts with {@code toCompletionStage()}. The association always continues on its own event
 * loop whatever thread completes a stage.
 */
package io.sagitta.core.net.service;
