/**
 * Caffeine caches in front of the index's retrieve paths: {@link io.sagitta.storage.cache.CachingInstanceIndex}
 * decorates {@link io.sagitta.storage.index.InstanceIndex}, sized by
 * {@link io.sagitta.storage.cache.IndexCacheOptions}. Staleness is ruled out by write generations
 * (see {@code WriteGenerations}): a value is served only if nothing it covers was written after
 * its load began.
 */
package io.sagitta.storage.cache;
