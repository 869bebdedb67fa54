package io.sagitta.core.net.channel;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A count of concurrent associations shared by every connection of an acceptor (across event loops, hence
 * atomic). An A-ASSOCIATE-RQ beyond the limit is rejected transient, service-provider (presentation),
 * local limit exceeded (PS3.8 table 9-21).
 */
public final class AssociationLimiter {

    private final int max;
    private final AtomicInteger active = new AtomicInteger();

    private AssociationLimiter(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max associations must be at least 1, not " + max);
        }
        this.max = max;
    }

    public static AssociationLimiter create(int maxAssociations) {
        return new AssociationLimiter(maxAssociations);
    }

    /** No limit (Integer.MAX_VALUE). */
    public static AssociationLimiter unlimited() {
        return new AssociationLimiter(Integer.MAX_VALUE);
    }

    public int max() {
        return max;
    }

    public int active() {
        return active.get();
    }

    /** Takes a slot; false when all are taken. */
    public boolean tryAcquire() {
        while (true) {
            int n = active.get();
            if (n >= max) {
                return false;
            }
            if (active.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    public void release() {
        active.decrementAndGet();
    }
}
