package io.sagitta.storage.blob;

import java.time.Instant;

/** A committed blob as a listing shows it: its key and when it was last written. */
public record ListedBlob(String key, Instant lastModified) {
}
