package io.sagitta.storage.index;

import java.util.Objects;

/** Where an instance's bytes were made durable: the blob store's key, the size and the checksum it recorded. */
public record StoredBlob(String key, long size, String checksum) {

    public StoredBlob {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(checksum, "checksum");
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative: " + size);
        }
    }
}
