package io.sagitta.storage.blob.impl;

import io.minio.AbortMultipartUploadArgs;
import io.minio.BucketExistsArgs;
import io.minio.CompleteMultipartUploadArgs;
import io.minio.CopyObjectArgs;
import io.minio.Directive;
import io.minio.CreateMultipartUploadArgs;
import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.Http;
import io.minio.ListMultipartUploadsArgs;
import io.minio.ListObjectsArgs;
import io.minio.Result;
import io.minio.MakeBucketArgs;
import io.minio.MinioAsyncClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.SourceObject;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.UploadPartArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.messages.Item;
import io.minio.messages.ListMultipartUploadsResult;
import io.minio.messages.Part;
import io.netty.buffer.Unpooled;
import io.sagitta.storage.blob.BlobCorruptedException;
import io.sagitta.storage.blob.BlobInfo;
import io.sagitta.storage.blob.BlobKeys;
import io.sagitta.storage.blob.BlobNotFoundException;
import io.sagitta.storage.blob.BlobPage;
import io.sagitta.storage.blob.ListedBlob;
import io.sagitta.storage.blob.BlobRangeException;
import io.sagitta.storage.blob.BlobReadStream;
import io.sagitta.storage.blob.BlobStoreException;
import io.sagitta.storage.blob.BlobUpload;
import io.sagitta.storage.blob.S3BlobStore;
import io.sagitta.storage.blob.S3BlobStoreOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.io.InputStream;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.zip.CRC32C;

/**
 * See {@link S3BlobStore}. Uses the SDK's {@link MinioAsyncClient} (the only client exposing the
 * multipart calls) but waits for each call on the store's worker pool with a deadline, so the
 * number of concurrent S3 requests is bounded by the pool and every call has a timeout.
 */
public final class S3BlobStoreImpl implements S3BlobStore {

  static final String META_CRC32C = "sagitta-crc32c";
  static final String META_SIZE = "sagitta-size";
  static final String STAGING_PREFIX = ".sagitta-staging/";
  private static final String AMZ_META = "x-amz-meta-";
  // Ranges of one readRanges call this close share a GET: skipping a few bytes is cheaper than a
  // request (the fragments of a frame lie 8 bytes apart).
  private static final long SHARED_GET_GAP = 64 * 1024;

  private final Vertx vertx;
  private final S3BlobStoreOptions options;
  private final MinioAsyncClient client;
  private final String bucket;
  private final long deadlineMillis;
  final Blocking blocking;

  // Blocking: building the SDK client reads CA certificates from disk. Run on the worker pool.
  private S3BlobStoreImpl(Vertx vertx, S3BlobStoreOptions options, Blocking blocking) {
    Blocking.check("build MinIO client");
    this.vertx = vertx;
    this.options = options;
    this.bucket = options.getBucket();
    this.blocking = blocking;
    this.client = MinioAsyncClient.builder()
        .endpoint(options.getEndpoint())
        .region(options.getRegion())
        .credentials(options.getAccessKey(), options.getSecretKey())
        .build();
    long timeout = options.getRequestTimeout().toMillis();
    client.setTimeout(timeout, timeout, timeout);
    // Retries of throttling and server errors (the SDK's set of status codes), 100 ms apart.
    client.setRetry(Http.RETRIABLE_STATUS_CODES, 100L, options.getMaxRetries());
    if (options.isPathStyle()) {
      client.disableVirtualStyleEndpoint();
    } else {
      client.enableVirtualStyleEndpoint();
    }
    // A whole call, retries included, is bounded; the per-I/O timeouts above catch stalls.
    this.deadlineMillis = timeout * (options.getMaxRetries() + 1) + 1_000;
  }

  public static Future<S3BlobStore> create(Vertx vertx, S3BlobStoreOptions options) {
    Blocking blocking = new Blocking(vertx, options.getWorkerPoolName(), options.getWorkerPoolSize());
    return blocking.run(() -> new S3BlobStoreImpl(vertx, options, blocking))
        .recover(e -> blocking.close().transform(ar -> Future.failedFuture(
            new IllegalArgumentException("S3 blob store: " + e.getMessage(), e))))
        .compose(store -> store.<S3BlobStore>call("check bucket", () -> store.client
                .bucketExists(BucketExistsArgs.builder().bucket(store.bucket).build())
                .thenCompose(exists -> {
                  if (exists) {
                    return CompletableFuture.completedFuture(store);
                  }
                  if (!options.isCreateBucket()) {
                    throw new BlobStoreException("S3 bucket '" + store.bucket + "' at "
                        + options.getEndpoint() + " does not exist and creating it is not allowed");
                  }
                  return store.client.makeBucket(MakeBucketArgs.builder().bucket(store.bucket)
                      .region(options.getRegion()).build()).thenApply(r -> store);
                }))
            .recover(e -> store.close().transform(ar -> Future.failedFuture(e))));
  }

  @Override
  public BlobUpload begin(String key) {
    return new S3Upload(this, BlobKeys.validate(key), options.getPartSize());
  }

  @Override
  public Future<BlobInfo> head(String key) {
    return withKey(key, () -> stat(key).map(stat -> stat == null ? null : info(key, stat)));
  }

  @Override
  public Future<Boolean> exists(String key) {
    return head(key).map(info -> info != null);
  }

  @Override
  public Future<BlobReadStream> get(String key) {
    return withKey(key, () -> call("GET " + key, () -> client.getObject(
            GetObjectArgs.builder().bucket(bucket).object(key).build()))
        .map(response -> {
          BlobInfo info = info(key, response);
          return (BlobReadStream) stream(response, info, 0, info.size());
        })
        .recover(e -> Future.failedFuture(isNotFound(e) ? new BlobNotFoundException(key) : e)));
  }

  @Override
  public Future<BlobReadStream> get(String key, long offset, long length) {
    if (offset < 0 || length < 0) {
      return Future.failedFuture(new BlobRangeException(key, offset, length, -1));
    }
    return withKey(key, () -> rangeGet(key, offset, length, true));
  }

  // HEAD first: it checks the range against the size (S3 itself would silently shorten a range
  // past the end) and pins the ETag, so the GET cannot read from a newer object.
  private Future<BlobReadStream> rangeGet(String key, long offset, long length, boolean retry) {
    return stat(key).compose(stat -> {
      if (stat == null) {
        return Future.failedFuture(new BlobNotFoundException(key));
      }
      BlobInfo info = info(key, stat);
      if (offset + length > info.size() || offset + length < 0) {
        return Future.failedFuture(new BlobRangeException(key, offset, length, info.size()));
      }
      if (length == 0) {
        return Future.succeededFuture(stream(InputStream.nullInputStream(), info, offset, 0));
      }
      return call("GET " + key + " range", () -> client.getObject(GetObjectArgs.builder()
              .bucket(bucket).object(key).offset(offset).length(length).matchETag(stat.etag()).build()))
          .map(response -> (BlobReadStream) stream(response, info, offset, length))
          .recover(e -> {
            if (isPreconditionFailed(e)) {
              return retry
                  ? rangeGet(key, offset, length, false) // replaced between HEAD and GET
                  : Future.failedFuture(new BlobStoreException(
                      "blob '" + key + "' kept changing during a range read"));
            }
            return Future.failedFuture(isNotFound(e) ? new BlobNotFoundException(key) : e);
          });
    });
  }

  @Override
  public Future<Buffer> readRanges(String key, List<long[]> ranges) {
    return ByteRanges.readChecked(key, ranges, total -> withKey(key, () -> blocking.run(() -> readWhole(key, ranges, total, true))
        .recover(e -> Future.failedFuture(isNotFound(e) ? new BlobNotFoundException(key) : translate("read " + key, e)))));
  }

  // Blocking, all in one worker task: HEAD (checks the ranges against the size and pins the ETag,
  // as for a ranged stream), then one GET per run of nearby ranges, each read straight into place.
  private Buffer readWhole(String key, List<long[]> ranges, int total, boolean retry) throws Exception {
    StatObjectResponse stat;
    try {
      stat = await("HEAD " + key, client.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build()));
    } catch (Exception e) {
      throw isNotFound(e) ? new BlobNotFoundException(key) : e;
    }
    ByteRanges.checkWithin(key, ranges, stat.size());
    byte[] bytes = new byte[total];
    int at = 0;
    int i = 0;
    while (i < ranges.size()) {
      long start = ranges.get(i)[0];
      long end = start + ranges.get(i)[1];
      int j = i + 1;
      while (j < ranges.size() && ranges.get(j)[0] >= end && ranges.get(j)[0] - end <= SHARED_GET_GAP) {
        end = ranges.get(j)[0] + ranges.get(j)[1];
        j++;
      }
      if (end > start) {
        try {
          at = getInto(key, stat.etag(), ranges.subList(i, j), start, end, bytes, at);
        } catch (Exception e) {
          if (!isPreconditionFailed(e)) {
            throw e;
          }
          if (!retry) {
            throw new BlobStoreException("blob '" + key + "' kept changing during a range read");
          }
          return readWhole(key, ranges, total, false); // replaced between HEAD and GET
        }
      }
      i = j;
    }
    return BufferInternal.buffer(Unpooled.wrappedBuffer(bytes));
  }

  /** GETs {@code [start, end)} of the blob and copies {@code group}'s ranges into {@code bytes} from {@code at}. */
  private int getInto(String key, String etag, List<long[]> group, long start, long end, byte[] bytes, int at)
      throws Exception {
    try (GetObjectResponse in = await("GET " + key + " range", client.getObject(GetObjectArgs.builder()
        .bucket(bucket).object(key).offset(start).length(end - start).matchETag(etag).build()))) {
      long position = start;
      for (long[] r : group) {
        Blocking.check("S3 range read");
        in.skipNBytes(r[0] - position);
        int n = in.readNBytes(bytes, at, (int) r[1]);
        if (n < r[1]) {
          throw new BlobStoreException("S3 GET of blob '" + key + "' ended " + (r[1] - n)
              + " bytes short of the range offset=" + r[0] + " length=" + r[1]);
        }
        at += n;
        position = r[0] + r[1];
      }
    }
    return at;
  }

  @Override
  public Future<Boolean> delete(String key) {
    // S3 answers a DELETE the same whether or not the object existed, hence the HEAD.
    return withKey(key, () -> stat(key).compose(stat -> stat == null
        ? Future.succeededFuture(false)
        : call("DELETE " + key, () -> client.removeObject(
            RemoveObjectArgs.builder().bucket(bucket).object(key).build())).map(v -> true)));
  }

  @Override
  public Future<BlobInfo> verify(String key) {
    return withKey(key, () -> blocking.run(() -> {
      try (GetObjectResponse response = await("GET " + key, client.getObject(
          GetObjectArgs.builder().bucket(bucket).object(key).build()))) {
        BlobInfo recorded = info(key, response);
        if (recorded.checksum() == null) {
          throw new BlobCorruptedException(key, "no CRC32C recorded in the object's metadata");
        }
        CRC32C crc = new CRC32C();
        byte[] buf = new byte[256 * 1024];
        long total = 0;
        for (int n; (n = response.read(buf)) >= 0; ) {
          Blocking.check("S3 verify read");
          crc.update(buf, 0, n);
          total += n;
        }
        String actual = Checksums.hex(crc.getValue());
        String recordedSize = metadata(response.headers().toMultimap(), META_SIZE);
        if (recordedSize != null && !recordedSize.equals(Long.toString(total))) {
          throw new BlobCorruptedException(key, "size recorded at commit is " + recordedSize
              + " but the object holds " + total + " bytes");
        }
        if (!actual.equals(recorded.checksum())) {
          throw new BlobCorruptedException(key, "CRC32C recorded at commit is "
              + recorded.checksum() + " but the stored bytes give " + actual);
        }
        return new BlobInfo(key, total, actual);
      }
    }).recover(e -> Future.failedFuture(isNotFound(e) ? new BlobNotFoundException(key) : translate("verify " + key, e))));
  }

  /**
   * Key order (S3 lists lexicographically) from {@code startAfter}; the staging objects of
   * multipart uploads are not blobs and are left out. The SDK's listing is blocking and pages by
   * itself: one ListObjectsV2 request per page, or a few when staging objects fill it.
   */
  @Override
  public Future<BlobPage> list(String startAfter, int limit) {
    if (limit < 1) {
      return Future.failedFuture(new IllegalArgumentException("limit must be positive: " + limit));
    }
    return blocking.run(() -> {
      List<ListedBlob> blobs = new ArrayList<>();
      ListObjectsArgs.Builder args = ListObjectsArgs.builder().bucket(bucket).recursive(true).maxKeys(Math.min(limit, 1000));
      if (startAfter != null) {
        args.startAfter(startAfter);
      }
      for (Result<Item> listed : client.listObjects(args.build())) {
        Blocking.check("S3 list objects");
        Item item = listed.get();
        if (item.isDir() || item.objectName().startsWith(STAGING_PREFIX)) {
          continue;
        }
        blobs.add(new ListedBlob(item.objectName(), item.lastModified() == null ? null : item.lastModified().toInstant()));
        if (blobs.size() == limit) {
          // A full page may be the last one; the next call then answers an empty page.
          return new BlobPage(blobs, item.objectName());
        }
      }
      return new BlobPage(blobs, null);
    }).recover(e -> Future.failedFuture(translate("list", e)));
  }

  @Override
  public Future<Integer> sweepTemporary(Duration olderThan) {
    ZonedDateTime cutoff = ZonedDateTime.now().minus(olderThan);
    return blocking.run(() -> {
      int aborted = 0;
      String keyMarker = null;
      String uploadIdMarker = null;
      while (true) {
        Blocking.check("S3 list multipart uploads");
        ListMultipartUploadsArgs.Builder args = ListMultipartUploadsArgs.builder().bucket(bucket);
        if (keyMarker != null) {
          args.keyMarker(keyMarker).uploadIdMarker(uploadIdMarker);
        }
        ListMultipartUploadsResult result = await("list multipart uploads",
            client.listMultipartUploads(args.build())).result();
        for (ListMultipartUploadsResult.Upload upload : result.uploads()) {
          if (upload.initiated() != null && upload.initiated().isBefore(cutoff)) {
            await("abort multipart upload", client.abortMultipartUpload(AbortMultipartUploadArgs.builder()
                .bucket(bucket).object(upload.objectName()).uploadId(upload.uploadId()).build()));
            aborted++;
          }
        }
        if (!result.isTruncated()) {
          break;
        }
        keyMarker = result.nextKeyMarker();
        uploadIdMarker = result.nextUploadIdMarker();
      }
      // Staging objects of multipart uploads that completed but were never published.
      for (Result<Item> listed : client.listObjects(ListObjectsArgs.builder().bucket(bucket)
          .prefix(STAGING_PREFIX).recursive(true).build())) {
        Blocking.check("S3 list staging objects");
        Item item = listed.get();
        if (item.lastModified() != null && item.lastModified().isBefore(cutoff)) {
          await("remove staged upload", client.removeObject(
              RemoveObjectArgs.builder().bucket(bucket).object(item.objectName()).build()));
          aborted++;
        }
      }
      return aborted;
    }).recover(e -> Future.failedFuture(translate("sweep", e)));
  }

  @Override
  public Future<Void> close() {
    return blocking.<Void>run(() -> {
      client.close();
      return null;
    }).transform(ar -> blocking.close());
  }

  // ---- used by S3Upload ----

  Future<String> createMultipart(String key) {
    return call("create multipart upload " + key, () -> client.createMultipartUpload(
            CreateMultipartUploadArgs.builder().bucket(bucket).object(key)
                .headers(new Http.Headers("Content-Type", "application/octet-stream")).build()))
        .map(r -> r.result().uploadId());
  }

  Future<Part> uploadPart(String key, String uploadId, int number, byte[] data, int length) {
    return call("upload part " + number + " of " + key, () -> client.uploadPart(
            UploadPartArgs.builder().bucket(bucket).object(key).uploadId(uploadId)
                .partNumber(number).data(data, length).build()))
        .map(r -> new Part(number, r.part().etag()));
  }

  Future<String> completeMultipart(String key, String uploadId, List<Part> parts) {
    return call("complete multipart upload " + key, () -> client.completeMultipartUpload(
            CompleteMultipartUploadArgs.builder().bucket(bucket).object(key).uploadId(uploadId)
                .parts(parts.toArray(new Part[0])).build()))
        .map(r -> r.etag());
  }

  Future<Void> abortMultipart(String key, String uploadId) {
    return call("abort multipart upload " + key, () -> client.abortMultipartUpload(
            AbortMultipartUploadArgs.builder().bucket(bucket).object(key).uploadId(uploadId).build()))
        .<Void>mapEmpty()
        .recover(e -> isCode(e, "NoSuchUpload") ? Future.succeededFuture() : Future.failedFuture(e));
  }

  Future<Void> putSingle(String key, byte[] data, int length, Map<String, String> metadata) {
    return call("PUT " + key, () -> client.putObject(PutObjectArgs.builder()
            .bucket(bucket).object(key).data(data, length)
            .contentType("application/octet-stream").userMetadata(metadata).build()))
        .mapEmpty();
  }

  /**
   * Copies a completed staging object onto its key with the metadata, in one server-side step
   * (content and metadata land together, replacing whatever was there), then removes the staging
   * object. Compose uses a plain copy up to 5 GiB and a multipart copy beyond.
   */
  Future<Void> publishStaged(String staging, String key, Map<String, String> metadata) {
    return call("copy staged upload to " + key, () -> client.copyObject(CopyObjectArgs.builder()
            .bucket(bucket).object(key)
            .source(SourceObject.builder().bucket(bucket).object(staging).build())
            .metadataDirective(Directive.REPLACE)
            .userMetadata(metadata).build()))
        .<Void>mapEmpty()
        .eventually(() -> removeStaged(staging));
  }

  /** Best effort; the sweeper removes staging objects that could not be removed. */
  Future<Void> removeStaged(String staging) {
    return call("remove staged upload " + staging, () -> client.removeObject(
            RemoveObjectArgs.builder().bucket(bucket).object(staging).build()))
        .otherwiseEmpty();
  }

  /** A fresh key in the staging area, which no valid blob key can name (segments never start with '.'). */
  static String stagingKey() {
    return STAGING_PREFIX + UUID.randomUUID();
  }

  // ---- helpers ----

  private Future<StatObjectResponse> stat(String key) {
    return call("HEAD " + key, () -> client.statObject(
            StatObjectArgs.builder().bucket(bucket).object(key).build()))
        .recover(e -> isNotFound(e) ? Future.succeededFuture(null) : Future.failedFuture(e));
  }

  private WorkerReadStream stream(InputStream in, BlobInfo info, long offset, long length) {
    int chunk = options.getReadBufferSize();
    return new WorkerReadStream(vertx, blocking, new WorkerReadStream.Source() {
      @Override
      public Buffer read() throws Exception {
        byte[] bytes = in.readNBytes(chunk);
        return bytes.length == 0 ? null : Buffer.buffer(bytes);
      }

      @Override
      public void close() throws Exception {
        in.close();
      }
    }, info, offset, length);
  }

  private static BlobInfo info(String key, StatObjectResponse stat) {
    Map<String, List<String>> headers = stat.headers().toMultimap();
    return new BlobInfo(key, stat.size(), metadata(headers, META_CRC32C));
  }

  private static BlobInfo info(String key, GetObjectResponse response) {
    Map<String, List<String>> headers = response.headers().toMultimap();
    String length = first(headers, "content-length");
    long size = length == null ? -1 : Long.parseLong(length);
    if (size < 0) {
      String recorded = metadata(headers, META_SIZE);
      size = recorded == null ? 0 : Long.parseLong(recorded);
    }
    return new BlobInfo(key, size, metadata(headers, META_CRC32C));
  }

  private static String metadata(Map<String, List<String>> headers, String name) {
    return first(headers, AMZ_META + name);
  }

  private static String first(Map<String, List<String>> headers, String name) {
    for (Map.Entry<String, List<String>> e : headers.entrySet()) {
      if (e.getKey().toLowerCase(Locale.ROOT).equals(name) && !e.getValue().isEmpty()) {
        return e.getValue().get(0);
      }
    }
    return null;
  }

  private <T> Future<T> withKey(String key, Supplier<Future<T>> operation) {
    try {
      BlobKeys.validate(key);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    return operation.get();
  }

  /** Runs one SDK call on the worker pool and waits for it there, with a deadline. */
  <T> Future<T> call(String what, Supplier<CompletableFuture<T>> request) {
    return blocking.run(() -> await(what, request.get()))
        .recover(e -> Future.failedFuture(translate(what, e)));
  }

  private <T> T await(String what, CompletableFuture<T> future) throws Exception {
    Blocking.check("S3 " + what);
    try {
      return future.get(deadlineMillis, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new BlobStoreException("S3 " + what + " at " + options.getEndpoint()
          + " did not answer within " + deadlineMillis + " ms", e);
    } catch (ExecutionException e) {
      throw unwrap(e);
    }
  }

  private static Exception unwrap(Throwable e) {
    Throwable t = e;
    while ((t instanceof ExecutionException || t instanceof CompletionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t instanceof Exception ex ? ex : new RuntimeException(t);
  }

  private Throwable translate(String what, Throwable e) {
    Throwable t = unwrap(e);
    if (t instanceof BlobStoreException || t instanceof IllegalArgumentException
        || t instanceof IllegalStateException) {
      return t;
    }
    if (t instanceof ErrorResponseException ere) {
      if (isNotFound(ere) || isPreconditionFailed(ere) || isCode(ere, "NoSuchUpload")) {
        return ere; // callers decide what these mean
      }
      return new BlobStoreException("S3 " + what + " in bucket '" + bucket + "' failed: "
          + ere.errorResponse().code() + ": " + ere.errorResponse().message(), ere);
    }
    String cause = t.getMessage() == null ? t.getClass().getSimpleName() : t.getClass().getSimpleName() + ": " + t.getMessage();
    return new BlobStoreException("S3 " + what + " at " + options.getEndpoint() + " failed: " + cause, t);
  }

  private static boolean isNotFound(Throwable e) {
    Throwable t = unwrap(e);
    if (t instanceof BlobNotFoundException) {
      return true;
    }
    if (t instanceof ErrorResponseException ere) {
      String code = ere.errorResponse().code();
      if ("NoSuchBucket".equals(code)) {
        return false;
      }
      return "NoSuchKey".equals(code) || "NotFound".equals(code) || "NoSuchObject".equals(code)
          || (ere.response() != null && ere.response().code() == 404);
    }
    return false;
  }

  private static boolean isPreconditionFailed(Throwable e) {
    Throwable t = unwrap(e);
    return t instanceof ErrorResponseException ere
        && ("PreconditionFailed".equals(ere.errorResponse().code())
            || (ere.response() != null && ere.response().code() == 412));
  }

  private static boolean isCode(Throwable e, String code) {
    Throwable t = unwrap(e);
    return t instanceof ErrorResponseException ere && code.equals(ere.errorResponse().code());
  }

}
