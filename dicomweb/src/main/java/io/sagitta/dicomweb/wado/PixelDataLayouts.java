package io.sagitta.dicomweb.wado;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.sagitta.storage.blob.BlobStore;
import io.vertx.core.Future;

/**
 * The Pixel Data layouts of recently used blobs, so that a viewer fetching a multi-frame instance
 * frame by frame (OHIF asks for each frame alone) does not parse the instance again for each: for
 * encapsulated Pixel Data finding the fragments means reading every byte of the blob. Blobs are
 * immutable under their key (a re-stored instance gets a new key), so an entry never goes stale;
 * the cache is bounded by the fragments it holds. Lookups and inserts never block; two requests
 * that miss at once both parse, and the second answer replaces the first.
 */
public final class PixelDataLayouts {

    /** About 40 bytes a fragment: a bound of some 40 MB of layouts. */
    static final long MAX_WEIGHT = 1_000_000;

    private final BlobStore blobs;
    private final Cache<String, PixelDataLayout> cache;

    public PixelDataLayouts(BlobStore blobs) {
        this(blobs, MAX_WEIGHT);
    }

    PixelDataLayouts(BlobStore blobs, long maxWeight) {
        this.blobs = blobs;
        this.cache = Caffeine.newBuilder()
            .maximumWeight(maxWeight)
            .weigher((String key, PixelDataLayout layout) -> 1 + layout.fragments().size())
            .executor(Runnable::run) // evictions inline: no thread of the common pool for a few map updates
            .build();
    }

    public BlobStore blobs() {
        return blobs;
    }

    /** The layout of blob {@code key}'s Pixel Data, from the cache or parsed ({@link PixelDataLocator#locate}). */
    public Future<PixelDataLayout> layout(String key) {
        PixelDataLayout known = cache.getIfPresent(key);
        if (known != null) {
            return Future.succeededFuture(known);
        }
        return PixelDataLocator.locate(blobs, key).onSuccess(layout -> cache.put(key, layout));
    }
}
