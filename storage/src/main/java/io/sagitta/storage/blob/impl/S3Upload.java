package io.sagitta.storage.blob.impl;

import io.minio.messages.Part;
import io.sagitta.storage.blob.BlobInfo;
import io.sagitta.storage.blob.BlobUpload;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * An upload that fills one part buffer; see {@link io.sagitta.storage.blob.S3BlobStore}. A full
 * buffer is sent only when more bytes arrive, so a blob of exactly one part still goes up in a
 * single PUT. The buffer grows as needed up to the part size, so small blobs cost little memory.
 * Larger blobs become a multipart upload to a private staging key, published onto the real key
 * (with the checksum metadata) by one server-side copy at commit.
 */
final class S3Upload implements BlobUpload {

  private enum State { OPEN, COMMITTING, COMMITTED, ABORTED, FAILED }

  private static final int INITIAL_BUFFER = 64 * 1024;
  private static final byte[] EMPTY = new byte[0];

  private final S3BlobStoreImpl store;
  private final String key;
  private final int partSize;
  private final CRC32C crc = new CRC32C();
  private long size;
  private State state = State.OPEN;
  private Throwable failure;
  private Future<Void> tail = Future.succeededFuture();
  private Future<BlobInfo> committed;
  private Future<Void> aborted;

  // Touched only by steps of the tail chain, which run one after another.
  private byte[] buffer = EMPTY;
  private int buffered;
  private String uploadId;
  // Multipart uploads go to a private staging key and are published onto the key at commit.
  private final String staging = S3BlobStoreImpl.stagingKey();
  private final List<Part> parts = new ArrayList<>();

  S3Upload(S3BlobStoreImpl store, String key, int partSize) {
    this.store = store;
    this.key = key;
    this.partSize = partSize;
  }

  @Override
  public String key() {
    return key;
  }

  @Override
  public long bytesWritten() {
    return size;
  }

  @Override
  public Future<Void> write(Buffer chunk) {
    if (failure != null) {
      return Future.failedFuture(failure);
    }
    if (state != State.OPEN) {
      return Future.failedFuture(new IllegalStateException("upload of '" + key + "' is " + describe()));
    }
    crc.update(Checksums.view(chunk));
    size += chunk.length();
    tail = tail.compose(v -> append(chunk, 0));
    tail.onFailure(this::failed);
    return tail;
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
  public Future<BlobInfo> commit() {
    if (failure != null) {
      return Future.failedFuture(failure);
    }
    if (state != State.OPEN) {
      return Future.failedFuture(new IllegalStateException("cannot commit: upload of '" + key + "' is " + describe()));
    }
    state = State.COMMITTING;
    BlobInfo info = new BlobInfo(key, size, Checksums.hex(crc.getValue()));
    Map<String, String> metadata = Map.of(
        S3BlobStoreImpl.META_CRC32C, info.checksum(),
        S3BlobStoreImpl.META_SIZE, Long.toString(info.size()));
    committed = tail.compose(v -> {
      if (uploadId == null) {
        return store.putSingle(key, buffer, buffered, metadata);
      }
      Future<Void> last = buffered > 0 ? flushPart() : Future.succeededFuture();
      return last.compose(x -> store.completeMultipart(staging, uploadId, parts))
          .compose(etag -> {
            uploadId = null; // completed: nothing left to abort
            return store.publishStaged(staging, key, metadata);
          });
    }).transform(ar -> {
      buffer = EMPTY;
      if (ar.succeeded()) {
        state = State.COMMITTED;
        return Future.succeededFuture(info);
      }
      state = State.FAILED;
      failure = ar.cause();
      return abortMultipart().transform(ignored -> Future.failedFuture(ar.cause()));
    });
    return committed;
  }

  @Override
  public Future<Void> abort() {
    switch (state) {
      case COMMITTED:
        return Future.succeededFuture();
      case COMMITTING:
        return committed.transform(ar -> Future.succeededFuture());
      case ABORTED:
        return aborted;
      default:
        state = State.ABORTED;
        aborted = tail.transform(ar -> {
          buffer = EMPTY;
          return abortMultipart();
        });
        return aborted;
    }
  }

  private void failed(Throwable e) {
    if (failure == null) {
      failure = e;
    }
    if (state == State.OPEN) {
      state = State.FAILED;
      buffer = EMPTY;
      abortMultipart();
    }
  }

  // Best effort: if S3 is unreachable the incomplete upload stays (invisible) for the sweeper.
  private Future<Void> abortMultipart() {
    String id = uploadId;
    uploadId = null;
    if (id == null) {
      return Future.succeededFuture();
    }
    return store.abortMultipart(staging, id).otherwiseEmpty();
  }

  private String describe() {
    return state.name().toLowerCase(Locale.ROOT);
  }
}
