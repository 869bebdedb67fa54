package io.sagitta.storage.blob;

import io.sagitta.storage.blob.impl.S3BlobStoreImpl;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * A {@link BlobStore} in an S3 bucket, through the MinIO Java SDK.
 *
 * <h2>How</h2>
 * <ul>
 *   <li>Uploads buffer up to one part ({@link S3BlobStoreOptions#getPartSize()}). A blob that ends
 *       within it goes up as one PUT, carrying its metadata. A larger one becomes a multipart
 *       upload to a private staging key ({@code .sagitta-staging/<random>}, a name no valid key
 *       can take): each part is sent as soon as it fills (the write that filled it completes only
 *       then, which is the back-pressure), the last at commit; then the upload is completed and
 *       published onto the real key by one server-side copy that sets the metadata, and the
 *       staging object is removed. Memory: about one part per upload, never the whole blob.</li>
 *   <li>Why the staging key: S3 wants user metadata when a multipart upload starts, but the
 *       checksum is known only at its end. The copy lands content and metadata together, so a
 *       reader never sees the object without its checksum, and concurrent commits to one key
 *       end with one whole upload (last copy wins), never a mix. The price is a server-side
 *       copy of blobs larger than one part, and a 5 GiB limit on them (S3's limit for one
 *       copy).</li>
 *   <li>Abort or failure aborts the multipart upload (S3 never shows an incomplete one) and
 *       removes the staging object. What a crash or an outage leaves (incomplete multipart
 *       uploads, staging objects) is removed by {@link #sweepTemporary}; a bucket lifecycle rule
 *       "AbortIncompleteMultipartUpload" does the first half server-side as well.</li>
 *   <li>The CRC32C and size are recorded as user metadata ({@code x-amz-meta-sagitta-crc32c},
 *       {@code x-amz-meta-sagitta-size}); {@link #head} reads them back and {@link #verify}
 *       re-reads the object and compares.</li>
 *   <li>Ranges use the SDK's offset/length, after a HEAD that checks the range and pins the ETag
 *       (so a concurrent overwrite cannot mix two objects into one stream).</li>
 *   <li>Every SDK call runs on a named, bounded Vert.x worker pool, never on an event loop, and is
 *       bounded by {@link S3BlobStoreOptions#getRequestTimeout()}, so an unreachable S3 gives a
 *       failed Future with a clear {@link BlobStoreException}, not a hang.</li>
 * </ul>
 */
public interface S3BlobStore extends BlobStore {

  /** Creates the store; checks the bucket and creates it if missing and allowed. */
  static Future<S3BlobStore> create(Vertx vertx, S3BlobStoreOptions options) {
    S3BlobStoreOptions copy;
    try {
      copy = new S3BlobStoreOptions(options).validate();
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    return S3BlobStoreImpl.create(vertx, copy);
  }
}
