package io.sagitta.storage.cache;

import java.util.List;

/**
 * The metadata JSON of one scope's instances, or the note that it is too large to cache (then
 * it is streamed from the index every time, and the note keeps the cache from collecting it again).
 */
record CachedMetadata(List<String> instances, long bytes) {

    static final CachedMetadata TOO_LARGE = new CachedMetadata(null, 0);

    boolean tooLarge() {
        return instances == null;
    }

    /** Heap weight in bytes, roughly: two bytes a char at worst plus a string's overhead. */
    int weight() {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, bytes));
    }

    static long weigh(String json) {
        return 2L * json.length() + 56;
    }
}
