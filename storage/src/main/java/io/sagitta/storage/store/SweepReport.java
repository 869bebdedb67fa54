package io.sagitta.storage.store;

/**
 * What one orphan sweep did.
 *
 * @param listed blobs the store listed
 * @param old those older than the minimum age (the others may belong to a store in flight)
 * @param orphans old blobs no index row points at
 * @param deleted orphans deleted
 * @param failed orphans whose deletion failed (tried again next sweep)
 * @param temporary leftovers of interrupted uploads removed by the store
 */
public record SweepReport(long listed, long old, long orphans, long deleted, long failed, int temporary) {
}
