package io.sagitta.storage.blob;

import java.util.List;

/**
 * One page of a {@link BlobStore#list} walk.
 *
 * @param blobs the blobs of this page, in the store's order
 * @param next where the following page starts (pass it as {@code startAfter}), or null at the end
 */
public record BlobPage(List<ListedBlob> blobs, String next) {

    public BlobPage {
        blobs = List.copyOf(blobs);
    }
}
