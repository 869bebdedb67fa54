package io.sagitta.storage.cache;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * When studies, series and instances were last written, as ticks of one counter, hashed into a
 * fixed number of slots per kind so memory stays bounded however many UIDs pass through.
 *
 * <p>Why. A cached value is valid only if it was loaded after the last write to what it covers.
 * A load takes {@link #now()} before it queries; a write, once committed, calls {@link #written}
 * which advances the counter and stamps the UID's slot. At lookup the value is valid iff its
 * start tick is not older than the slot's stamp. A read that started before a write committed
 * therefore never serves (or keeps serving) what it read, whenever it completes. Two UIDs sharing
 * a slot only cost an extra miss. {@link #writtenEverything()} stamps a floor over all slots, for
 * a write whose extent is unknown (it failed after perhaps committing).
 */
final class WriteGenerations {

    private static final int SLOTS = 1 << 14;

    enum Kind { STUDY, SERIES, INSTANCE }

    private final AtomicLong clock = new AtomicLong(1);
    private final AtomicLong floor = new AtomicLong();
    private final AtomicLongArray[] stamps = new AtomicLongArray[Kind.values().length];

    WriteGenerations() {
        for (int i = 0; i < stamps.length; i++) {
            stamps[i] = new AtomicLongArray(SLOTS);
        }
    }

    /** The tick a load takes before it starts. */
    long now() {
        return clock.get();
    }

    /** Records a committed write to the UID. */
    void written(Kind kind, String uid) {
        if (uid == null) {
            return;
        }
        long tick = clock.incrementAndGet();
        stamps[kind.ordinal()].accumulateAndGet(slot(uid), tick, Math::max);
    }

    /** Records a write that may have touched anything. */
    void writtenEverything() {
        long tick = clock.incrementAndGet();
        floor.accumulateAndGet(tick, Math::max);
    }

    /** Whether a value loaded from {@code loadedAt} on is still valid for the UID. */
    boolean validSince(Kind kind, String uid, long loadedAt) {
        return loadedAt >= floor.get() && loadedAt >= stamps[kind.ordinal()].get(slot(uid));
    }

    private static int slot(String uid) {
        int h = uid.hashCode();
        return (h ^ (h >>> 16)) & (SLOTS - 1);
    }
}
