package io.sagitta.storage.blob;

import io.netty.buffer.ByteBuf;
import io.netty.channel.FileRegion;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.time.Duration;
import java.util.List;

/**
 * Where instance bytes live: a flat space of immutable blobs under keys chosen by the archive
 * (see {@link BlobKeys} for the rules). Implementations: {@link FileBlobStore} (a directory tree)
 * and {@link S3BlobStore} (a bucket, through the MinIO SDK); {@link BlobStores#fromEnvironment}
 * picks one from configuration.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li>Every operation returns a {@link Future} and never blocks the calling event loop; blocking
 *       work (fsync, the MinIO SDK) runs on a bounded worker pool owned by the store.</li>
 *   <li>Puts are two-phase and all-or-nothing ({@link BlobUpload}): a reader sees the old blob or the
 *       new one, never a partial one; concurrent uploads to one key end with exactly one of them
 *       (the last to commit), never a mix.</li>
 *   <li>Absent blobs: {@link #head} succeeds with {@code null} (absence is an answer, not an error);
 *       {@link #get}, {@link #readRanges} and {@link #verify} fail with {@link BlobNotFoundException};
 *       {@link #delete} answers {@code false}.</li>
 *   <li>Bad keys: {@link #begin} throws {@link InvalidBlobKeyException}; the other operations fail
 *       with it.</li>
 * </ul>
 *
 * <h2>Why CRC32C</h2>
 * Every blob's CRC32C is computed while it streams in and recorded at commit. CRC32C is
 * intrinsified by the JVM (SSE4.2 / ARMv8 CRC instructions, many GB/s), so it never limits
 * ingest; it is one of the checksums S3 itself supports ({@code x-amz-checksum-crc32c}); and it
 * detects what we guard against: bit rot, truncation and transfer errors (any burst up to 32 bits,
 * otherwise 1 in 2^32 misses). It is not a defence against deliberate tampering, which would need
 * SHA-256 and access control, not a faster scrubber.
 */
public interface BlobStore {

  /**
   * Starts a streaming put under the key; nothing is visible until {@link BlobUpload#commit()}.
   * Does no I/O.
   *
   * @throws InvalidBlobKeyException if the key breaks the rules of {@link BlobKeys}
   */
  BlobUpload begin(String key);

  /** Size and checksum of the committed blob under the key, or {@code null} if there is none. */
  Future<BlobInfo> head(String key);

  /** Whether a committed blob exists under the key. */
  Future<Boolean> exists(String key);

  /** Streams the whole blob. Fails with {@link BlobNotFoundException} if absent. */
  Future<BlobReadStream> get(String key);

  /**
   * Streams {@code length} bytes of the blob starting at {@code offset}. The range must lie within
   * the blob ({@code 0 <= offset}, {@code 0 <= length}, {@code offset + length <= size}), otherwise
   * the Future fails with {@link BlobRangeException} before any byte is sent.
   */
  Future<BlobReadStream> get(String key, long offset, long length);

  /** The most bytes one {@link #readRanges} call may ask for: what fits one buffer. */
  int MAX_READ_BYTES = Integer.MAX_VALUE - 16;

  /**
   * Reads {@code ranges} ({@code {offset, length}} pairs) of the blob whole and answers their bytes
   * concatenated in the order given. Meant for small reads that are needed in hand or sent at once
   * (a frame, an offset table): the whole read is one task on the store's worker pool, where a
   * {@link #get(String, long, long) stream} costs a hand-off per chunk and per step. The caller
   * bounds the total to what it can hold; streams stay the way to send big ranges.
   *
   * <p>All ranges are read from the same committed blob, even when it is replaced meanwhile. Fails
   * with {@link BlobRangeException} when a range does not lie within the blob (as for {@link
   * #get(String, long, long)}), {@link IllegalArgumentException} when a range is not a pair or the
   * total is above {@link #MAX_READ_BYTES}, {@link BlobNotFoundException} when the blob is absent and
   * {@link BlobCorruptedException} when the store sees that its bytes are damaged. An empty list
   * answers an empty buffer once the blob is known to exist.
   */
  Future<Buffer> readRanges(String key, List<long[]> ranges);

  /** One range read whole: {@link #readRanges} with a single pair. */
  default Future<Buffer> readRange(String key, long offset, long length) {
    return readRanges(key, List.<long[]>of(new long[] {offset, length}));
  }

  /**
   * {@link #readRanges} into a buffer the caller owns: it must {@link ByteBuf#release() release} it
   * once done with it, used or not. For bytes that go straight to a socket: the file store reads
   * them into pooled direct memory, which the socket write takes as it is, where the heap buffer of
   * {@link #readRanges} costs a zeroed array and a copy through a temporary direct buffer on the
   * read and another copy on the write. Fails as {@link #readRanges} does (and then there is
   * nothing to release).
   */
  default Future<ByteBuf> readRangesOwned(String key, List<long[]> ranges) {
    return readRanges(key, ranges).map(bytes -> ((BufferInternal) bytes).getByteBuf());
  }

  /** One range read whole into a buffer the caller owns: {@link #readRangesOwned} with a single pair. */
  default Future<ByteBuf> readRangeOwned(String key, long offset, long length) {
    return readRangesOwned(key, List.<long[]>of(new long[] {offset, length}));
  }

  /**
   * A range of the blob as a Netty {@link FileRegion}, for a socket that sends it straight from the page cache
   * (sendfile): no copy into the JVM and none out of it. The store's workers read the range into the page cache first,
   * so that the send, on an event loop, finds it there instead of waiting for the disk. The caller owns the region:
   * writing it to a channel hands it over, otherwise it must {@link FileRegion#release() release} it, which closes its
   * file. The region stays on the committed blob it was opened on, even when that is replaced meanwhile.
   *
   * <p>Answers null when this store keeps no files to send from (the default; S3): read the range instead. Fails as
   * {@link #get(String, long, long)} does.
   */
  default Future<FileRegion> fileRegion(String key, long offset, long length) {
    return Future.succeededFuture(null);
  }

  /** Removes the blob; answers whether there was one. */
  Future<Boolean> delete(String key);

  /**
   * Lists committed blobs (never uploads in progress nor the store's own bookkeeping), at most
   * {@code limit} per call, in an order of the store's own that stays the same between calls:
   * pass the previous page's {@link BlobPage#next()} as {@code startAfter} (null to start). Blobs
   * written or deleted during a walk may or may not be seen. For the orphan sweeper.
   */
  Future<BlobPage> list(String startAfter, int limit);

  /**
   * Re-reads the whole blob and checks its size and checksum against what was recorded at commit.
   * Succeeds with the recorded info when they match; fails with {@link BlobCorruptedException}
   * when they do not, {@link BlobNotFoundException} when absent.
   */
  Future<BlobInfo> verify(String key);

  /**
   * Removes what interrupted uploads left behind (temporary files; incomplete multipart uploads)
   * that is older than the given age, and answers how many were removed. Run it at start and
   * periodically, with an age well above the longest time an upload may sit idle between writes:
   * anything younger may belong to a live upload and is left alone.
   */
  Future<Integer> sweepTemporary(Duration olderThan);

  /** Releases the worker pool and clients. In-flight operations may fail afterwards. */
  Future<Void> close();

  /** Convenience: a one-chunk upload. */
  default Future<BlobInfo> put(String key, Buffer data) {
    BlobUpload upload;
    try {
      upload = begin(key);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    return upload.write(data)
        .compose(v -> upload.commit())
        .recover(e -> upload.abort().transform(ignored -> Future.failedFuture(e)));
  }
}
