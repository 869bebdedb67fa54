package io.sagitta.storage.blob.impl;

import io.minio.messages.Part;
import io.sagitta.storage.blob.BlobInfo;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An upload that fills one part buffer; see {@link io.sagitta.storage.blob.S3BlobStore}. A full
 * buffer is sent only when more bytes arrive, so a blob of exactly one part still goes up in a
 * single PUT. The buffer grows as needed up to the part size, so small blobs cost little memory.
 * Larger blobs become a multipart upload to a private staging key, published onto the real key
 * (with the checksum metadata) by one server-side copy at commit.
 */
final class S3Upload extends SequencedUpload {

  private static final int INITIAL_BUFFER = 64 * 1024;
  private static final byte[] EMPTY = new byte[0];

  private final S3BlobStoreImpl store;
  private final int partSize;

  // Touched only by steps of the step chain, which run one after another.
  private byte[] buffer = EMPTY;
  private int buffered;
  private String uploadId;
  // Multipart uploads go to a private staging key and are published onto the key at commit.
  private final String staging = S3BlobStoreImpl.stagingKey();
  private final List<Part> parts = new ArrayList<>();

  S3Upload(S3BlobStoreImpl store, String key, int partSize) {
    super(key);
    this.store = store;
    this.partSize = partSize;
  }

  @Override
  protected Future<Void> writeStep(Buffer chunk) {
    return append(chunk, 0);
  }

  private Future<Void> append(Buffer chunk, int from) {
    int remaining = chunk.length() - from;
    if (remaining == 0) {
      return Future.succeededFuture();
    }
    if (buffered == partSize) {
      return flushPart().compose(v -> append(chunk, from));
    }
    int take = Math.min(remaining, partSize - buffered);
    ensureCapacity(buffered + take);
    chunk.getBytes(from, from + take, buffer, buffered);
    buffered += take;
    return append(chunk, from + take);
  }

  private void ensureCapacity(int needed) {
    if (needed > buffer.length) {
      int capacity = Math.max(needed, Math.min(partSize, Math.max(INITIAL_BUFFER, buffer.length * 2)));
      byte[] grown = new byte[capacity];
      System.arraycopy(buffer, 0, grown, 0, buffered);
      buffer = grown;
    }
  }

  // Sends the buffer as the next part, starting the multipart upload on the first one. The buffer
  // is reused only after the part is acknowledged.
  private Future<Void> flushPart() {
    int number = parts.size() + 1;
    Future<String> id = uploadId != null
        ? Future.succeededFuture(uploadId)
        : store.createMultipart(staging).onSuccess(created -> uploadId = created);
    return id.compose(u -> store.uploadPart(staging, u, number, buffer, buffered))
        .map(part -> {
          parts.add(part);
          buffered = 0;
          return null;
        });
  }

  @Override
  protected Future<Void> publishStep(BlobInfo info, int crc32c) {
    Map<String, String> metadata = Map.of(
        S3BlobStoreImpl.META_CRC32C, info.checksum(),
        S3BlobStoreImpl.META_SIZE, Long.toString(info.size()));
    Future<Void> published;
    if (uploadId == null) {
      published = store.putSingle(key(), buffer, buffered, metadata);
    } else {
      Future<Void> last = buffered > 0 ? flushPart() : Future.succeededFuture();
      published = last.compose(x -> store.completeMultipart(staging, uploadId, parts))
          .compose(etag -> {
            uploadId = null; // completed: nothing left to abort
            return store.publishStaged(staging, key(), metadata);
          });
    }
    return published.onComplete(ar -> buffer = EMPTY);
  }

  // Best effort: if S3 is unreachable the incomplete upload stays (invisible) for the sweeper.
  @Override
  protected Future<Void> discard() {
    buffer = EMPTY;
    String id = uploadId;
    uploadId = null;
    if (id == null) {
      return Future.succeededFuture();
    }
    return store.abortMultipart(staging, id).otherwiseEmpty();
  }
}
