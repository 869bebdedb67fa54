package io.sagitta.storage.blob;

import io.sagitta.storage.blob.impl.FileBlobStoreImpl;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * A {@link BlobStore} in a directory tree.
 *
 * <h2>Layout and crash safety</h2>
 * <ul>
 *   <li>{@code <root>/objects/<key>}: one file per committed blob; the key's segments are
 *       directories. Each file is the blob's bytes followed by a 24-byte trailer (magic
 *       {@code "SGTBLOB1"}, size as a big-endian long, CRC32C as a big-endian int, 4 reserved zero
 *       bytes), so the checksum travels atomically with the data and a truncated file is
 *       recognised as such.</li>
 *   <li>{@code <root>/tmp/<random>.part}: an upload in progress. Commit appends the trailer,
 *       fsyncs the file, renames it atomically over {@code objects/<key>} and fsyncs the
 *       directory, so after a crash a key holds the old blob or the new one, never a part.</li>
 *   <li>A crash leaves at most {@code .part} files in {@code tmp/}, invisible to readers;
 *       {@link #sweepTemporary} deletes those older than a given age (by last modification).</li>
 * </ul>
 * A key cannot be both a blob and a prefix of another key ({@code a/b} and {@code a/b/c}); the
 * second commit fails clearly. Empty directories left by deletes are kept (harmless, and removing
 * them would race with concurrent commits).
 *
 * <p>An upload whose first write is large (a CT image, not a small instance) is written with direct I/O, past the
 * page cache, when the file system takes it ({@link FileBlobStoreOptions#isDirectWrites()}); the file is the same.
 *
 * <p>Blocking calls run on a named, bounded Vert.x worker pool; range reads stream through
 * Vert.x's {@link io.vertx.core.file.AsyncFile} with a read position and length, while
 * {@link #readRanges} does its open, trailer check, positional reads and close in one worker task, and
 * {@link #fileRegion} its open, trailer check and the load of the range into the page cache.
 */
public interface FileBlobStore extends BlobStore {

  /** Creates the store, making {@code objects/} and {@code tmp/} under the root if needed. */
  static Future<FileBlobStore> create(Vertx vertx, FileBlobStoreOptions options) {
    return FileBlobStoreImpl.create(vertx, new FileBlobStoreOptions(options));
  }
}
