package io.sagitta.storage.blob;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.netty.buffer.ByteBuf;
import io.sagitta.storage.blob.impl.Blocking;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The behaviour every {@link BlobStore} must show, run against each implementation. Every
 * operation is started on an event-loop context, so a blocking call on the loop would trip the
 * stores' {@link Blocking#check} guard and fail the test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class BlobStoreContract {

  static final int MiB = 1024 * 1024;
  static final Duration TIMEOUT = Duration.ofSeconds(30);

  protected Vertx vertx;
  protected Context loop;
  protected BlobStore store;

  /** Creates the store under test (called once per class, after {@link #vertx} exists). */
  protected abstract Future<? extends BlobStore> createStore();

  /** Starts what the store talks to (called on the test thread, before {@link #createStore}). */
  protected void startBackend() throws Exception {}

  /** Stops what {@link #startBackend} started. */
  protected void stopBackend() throws Exception {}

  /** Changes one stored byte of the blob behind the store's back, keeping its recorded checksum. */
  protected abstract void corrupt(String key) throws Exception;

  @BeforeAll
  void startStore() throws Exception {
    vertx = Vertx.vertx(new VertxOptions()
        .setEventLoopPoolSize(2)
        .setBlockedThreadCheckInterval(100)
        // A loop busy for over a second fails the test (BlockedThreadWarnings); generous
        // because the test machine is small and shared, the stores' guard is the sharp check.
        .setMaxEventLoopExecuteTime(TimeUnit.SECONDS.toNanos(1))
        .setWarningExceptionTime(TimeUnit.SECONDS.toNanos(1)));
    loop = vertx.getOrCreateContext();
    assertTrue(loop.isEventLoopContext());
    startBackend();
    BlockedThreadWarnings.drain();
    store = await(() -> createStore().map(s -> (BlobStore) s));
  }

  @AfterEach
  void noEventLoopWasBlocked() {
    List<String> warnings = BlockedThreadWarnings.drain();
    if (!warnings.isEmpty()) {
      fail("an event loop was blocked:\n" + String.join("\n", warnings));
    }
  }

  @AfterAll
  void stopStore() throws Exception {
    if (store != null) {
      await(() -> store.close());
    }
    if (vertx != null) {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
    stopBackend();
  }

  // ---- the contract ----

  @Test
  void roundTripOfManySmallChunks() throws Exception {
    String key = key();
    byte[] data = random(700_000, 1);
    BlobInfo info = await(() -> upload(key, data, new Random(2), 1, 3000));
    assertEquals(new BlobInfo(key, data.length, crc(data)), info);
    assertEquals(info, await(() -> store.head(key)));
    assertArrayEquals(data, readAll(() -> store.get(key)));
    assertEquals(info, await(() -> store.verify(key)));
  }

  @Test
  void compositeChunksAndALastChunkCommittedWithTheBlob() throws Exception {
    // As the DIMSE door writes: received fragments gathered into one composite buffer per write, the
    // last of them handed over with the commit. Direct and heap pieces, and an empty one, mixed.
    String key = key();
    byte[] data = random(300_001, 7);
    BlobUpload upload = store.begin(key);
    io.netty.buffer.ByteBuf first = composite(data, 0, 70_000, 140_000, 200_000);
    io.netty.buffer.ByteBuf last = composite(data, 200_000, 200_000, 250_000, data.length);
    BlobInfo info = await(() -> upload.write(wrap(first)).compose(v -> upload.commit(wrap(last))));
    first.release();
    last.release();
    assertEquals(new BlobInfo(key, data.length, crc(data)), info);
    assertArrayEquals(data, readAll(() -> store.get(key)));
    assertEquals(info, await(() -> store.verify(key)));
    assertInstanceOf(IllegalStateException.class, awaitFailure(() -> upload.commit(Buffer.buffer("x"))));

    String only = key();
    io.netty.buffer.ByteBuf whole = composite(data, 0, 11_000, data.length);
    BlobInfo small = await(() -> store.begin(only).commit(wrap(whole)));
    whole.release();
    assertEquals(new BlobInfo(only, data.length, crc(data)), small);
    assertArrayEquals(data, readAll(() -> store.get(only)));
  }

  private static Buffer wrap(io.netty.buffer.ByteBuf buf) {
    return io.vertx.core.internal.buffer.BufferInternal.buffer(buf);
  }

  /** data[bounds[0]..bounds[n]) as a composite of the pieces between the bounds, direct and heap in turn. */
  private static io.netty.buffer.ByteBuf composite(byte[] data, int... bounds) {
    io.netty.buffer.CompositeByteBuf composite = io.netty.buffer.Unpooled.compositeBuffer();
    for (int i = 0; i + 1 < bounds.length; i++) {
      byte[] piece = Arrays.copyOfRange(data, bounds[i], bounds[i + 1]);
      io.netty.buffer.ByteBuf buf = i % 2 == 0 ? io.netty.buffer.Unpooled.directBuffer(piece.length)
          : io.netty.buffer.Unpooled.buffer(piece.length);
      composite.addComponent(true, buf.writeBytes(piece));
    }
    return composite;
  }

  @Test
  void emptyBlob() throws Exception {
    String key = key();
    BlobInfo info = await(() -> store.begin(key).commit());
    assertEquals(new BlobInfo(key, 0, "00000000"), info);
    assertEquals(info, await(() -> store.head(key)));
    assertTrue(await(() -> store.exists(key)));
    assertEquals(0, readAll(() -> store.get(key)).length);
    assertEquals(0, readAll(() -> store.get(key, 0, 0)).length);
    assertEquals(info, await(() -> store.verify(key)));
  }

  @Test
  void largeBlobStreamsInAndOut() throws Exception {
    String key = key();
    byte[] data = random(20 * MiB + 12_345, 3);
    BlobInfo info = await(() -> upload(key, data, new Random(4), 64 * 1024, 64 * 1024));
    assertEquals(new BlobInfo(key, data.length, crc(data)), info);
    BlobInfo head = await(() -> store.head(key));
    assertEquals(info, head);
    assertArrayEquals(data, readAll(() -> store.get(key)));
    // A range across the 5 MiB and 8 MiB part boundaries.
    long offset = 5 * MiB - 1000;
    assertArrayEquals(Arrays.copyOfRange(data, (int) offset, (int) offset + 3 * MiB + 2000),
        readAll(() -> store.get(key, offset, 3 * MiB + 2000)));
    assertEquals(info, await(() -> store.verify(key)));
  }

  @Test
  void rangeReads() throws Exception {
    String key = key();
    byte[] data = random(100_000, 5);
    await(() -> store.put(key, Buffer.buffer(data)));
    assertArrayEquals(Arrays.copyOfRange(data, 0, 10), readAll(() -> store.get(key, 0, 10)));
    assertArrayEquals(Arrays.copyOfRange(data, 50_000, 51_000), readAll(() -> store.get(key, 50_000, 1000)));
    assertArrayEquals(Arrays.copyOfRange(data, 99_990, 100_000), readAll(() -> store.get(key, 99_990, 10)));
    assertArrayEquals(data, readAll(() -> store.get(key, 0, 100_000)));
    assertEquals(0, readAll(() -> store.get(key, 100_000, 0)).length);

    BlobRangeException pastEnd = assertInstanceOf(BlobRangeException.class,
        awaitFailure(() -> store.get(key, 99_990, 11)));
    assertTrue(pastEnd.getMessage().contains("100000"), pastEnd.getMessage());
    assertInstanceOf(BlobRangeException.class, awaitFailure(() -> store.get(key, 200_000, 1)));
    assertInstanceOf(BlobRangeException.class, awaitFailure(() -> store.get(key, -1, 5)));
    assertInstanceOf(BlobRangeException.class, awaitFailure(() -> store.get(key, 0, -5)));
    assertInstanceOf(BlobNotFoundException.class, awaitFailure(() -> store.get(key(), 0, 1)));
  }

  @Test
  void rangesReadWholeComeConcatenatedInTheOrderAsked() throws Exception {
    String key = key();
    byte[] data = random(3 * MiB, 40);
    await(() -> store.put(key, Buffer.buffer(data)));
    // Out of order, a repeat, an empty range, fragment-like neighbours 8 bytes apart, a range far
    // from the others, and one larger than a read window of the stores.
    List<long[]> ranges = List.of(new long[] {50_000, 1000}, new long[] {0, 10}, new long[] {10, 0},
        new long[] {0, 10}, new long[] {100_000, 4000}, new long[] {104_008, 4000}, new long[] {108_016, 1},
        new long[] {2 * MiB, 700_000}, new long[] {3 * MiB - 5, 5});
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    for (long[] r : ranges) {
      expected.write(data, (int) r[0], (int) r[1]);
    }
    assertArrayEquals(expected.toByteArray(), await(() -> store.readRanges(key, ranges)).getBytes());
    assertArrayEquals(data, await(() -> store.readRange(key, 0, data.length)).getBytes());
    assertArrayEquals(Arrays.copyOfRange(data, 99_990, 100_000), await(() -> store.readRange(key, 99_990, 10)).getBytes());
    assertEquals(0, await(() -> store.readRange(key, data.length, 0)).length());
    assertEquals(0, await(() -> store.readRanges(key, List.of())).length());
  }

  @Test
  void aRangeReadIntoABufferOfTheCallersHoldsItsBytes() throws Exception {
    String key = key();
    byte[] data = random(MiB + 17, 43); // more than a read window of the stores
    await(() -> store.put(key, Buffer.buffer(data)));
    assertArrayEquals(data, bytesOf(await(() -> store.readRangeOwned(key, 0, data.length))));
    assertArrayEquals(Arrays.copyOfRange(data, 1000, 1010), bytesOf(await(() -> store.readRangeOwned(key, 1000, 10))));
    assertEquals(0, bytesOf(await(() -> store.readRangeOwned(key, data.length, 0))).length);
    assertInstanceOf(BlobRangeException.class, awaitFailure(() -> store.readRangeOwned(key, data.length, 1)));
    assertInstanceOf(BlobNotFoundException.class, awaitFailure(() -> store.readRangeOwned(key(), 0, 1)));
  }

  /** The readable bytes of a buffer the caller owns, which is then released. */
  private static byte[] bytesOf(ByteBuf owned) {
    try {
      byte[] bytes = new byte[owned.readableBytes()];
      owned.getBytes(owned.readerIndex(), bytes);
      return bytes;
    } finally {
      owned.release();
    }
  }

  @Test
  void rangesReadWholeFailLikeStreamedRanges() throws Exception {
    String key = key();
    await(() -> store.put(key, Buffer.buffer(random(100_000, 41))));
    BlobRangeException pastEnd = assertInstanceOf(BlobRangeException.class,
        awaitFailure(() -> store.readRanges(key, List.of(new long[] {0, 10}, new long[] {99_990, 11}))));
    assertTrue(pastEnd.getMessage().contains("100000"), pastEnd.getMessage());
    assertInstanceOf(BlobRangeException.class, awaitFailure(() -> store.readRange(key, 200_000, 1)));
    assertInstanceOf(BlobRangeException.class, awaitFailure(() -> store.readRange(key, -1, 5)));
    assertInstanceOf(BlobRangeException.class, awaitFailure(() -> store.readRange(key, 0, -5)));
    assertInstanceOf(BlobRangeException.class, awaitFailure(() -> store.readRange(key, Long.MAX_VALUE, 1)));
    assertInstanceOf(IllegalArgumentException.class,
        awaitFailure(() -> store.readRanges(key, List.of(new long[] {0, 1, 2}))));
    assertInstanceOf(IllegalArgumentException.class, awaitFailure(() -> store.readRanges(key, null)));
    IllegalArgumentException tooBig = assertInstanceOf(IllegalArgumentException.class, awaitFailure(() ->
        store.readRanges(key, List.of(new long[] {0, BlobStore.MAX_READ_BYTES}, new long[] {0, 1}))));
    assertTrue(tooBig.getMessage().contains("whole"), tooBig.getMessage());
    assertInstanceOf(BlobNotFoundException.class, awaitFailure(() -> store.readRange(key(), 0, 1)));
    assertInstanceOf(BlobNotFoundException.class, awaitFailure(() -> store.readRanges(key(), List.of())));
  }

  @Test
  void rangesReadWholeComeFromTheBlobCommittedWhenTheReadStarted() throws Exception {
    String key = key();
    byte[] old = random(200_000, 42);
    byte[] replacement = random(200_000, 43);
    await(() -> store.put(key, Buffer.buffer(old)));
    // The overwrite commits while the read is under way; the read answers one blob, never a mix.
    byte[] read = await(() -> {
      Future<Buffer> reading = store.readRanges(key, List.of(new long[] {0, 100_000}, new long[] {100_000, 100_000}));
      Future<BlobInfo> writing = store.put(key, Buffer.buffer(replacement));
      return Future.all(reading, writing).map(all -> all.<Buffer>resultAt(0).getBytes());
    });
    assertTrue(Arrays.equals(old, read) || Arrays.equals(replacement, read), "a read of ranges mixed two blobs");
    assertArrayEquals(replacement, await(() -> store.readRange(key, 0, replacement.length)).getBytes());
  }

  @Test
  void headExistsAndDelete() throws Exception {
    String key = key();
    assertNull(await(() -> store.head(key)));
    assertFalse(await(() -> store.exists(key)));
    assertFalse(await(() -> store.delete(key)));

    await(() -> store.put(key, Buffer.buffer("hello")));
    assertEquals(new BlobInfo(key, 5, crc("hello".getBytes())), await(() -> store.head(key)));
    assertTrue(await(() -> store.exists(key)));

    assertTrue(await(() -> store.delete(key)));
    assertFalse(await(() -> store.exists(key)));
    assertFalse(await(() -> store.delete(key)));
    assertInstanceOf(BlobNotFoundException.class, awaitFailure(() -> store.get(key)));
    assertInstanceOf(BlobNotFoundException.class, awaitFailure(() -> store.verify(key)));
  }

  @Test
  void prefixOfKeysIsNotABlob() throws Exception {
    String key = key();
    await(() -> store.put(key + "/child", Buffer.buffer("x")));
    assertNull(await(() -> store.head(key)));
    assertInstanceOf(BlobNotFoundException.class, awaitFailure(() -> store.get(key)));
    assertInstanceOf(BlobNotFoundException.class, awaitFailure(() -> store.readRange(key, 0, 0)));
    assertFalse(await(() -> store.delete(key)));
  }

  @Test
  void abortLeavesNothing() throws Exception {
    String small = key();
    await(() -> {
      BlobUpload upload = store.begin(small);
      return upload.write(Buffer.buffer(random(1000, 6))).compose(v -> upload.abort());
    });
    assertNull(await(() -> store.head(small)));

    // Past one S3 part, so a multipart upload is under way when it is aborted.
    String large = key();
    byte[] data = random(7 * MiB, 7);
    await(() -> {
      BlobUpload upload = store.begin(large);
      return writeChunks(upload, data, new Random(8), 256 * 1024, 256 * 1024)
          .compose(v -> upload.abort())
          .compose(v -> upload.abort()); // idempotent
    });
    assertNull(await(() -> store.head(large)));
    assertFalse(await(() -> store.exists(large)));
    // Nothing temporary is left either: a sweep that takes everything finds nothing.
    assertEquals(0, await(() -> store.sweepTemporary(Duration.ZERO)));
  }

  @Test
  void concurrentUploadsToOneKeyNeverMix() throws Exception {
    String key = key();
    byte[] a = filled(6 * MiB + 17, (byte) 'a');
    byte[] b = filled(6 * MiB + 17, (byte) 'b');
    BlobUpload[] uploads = new BlobUpload[2];
    List<BlobInfo> infos = await(() -> {
      uploads[0] = store.begin(key);
      uploads[1] = store.begin(key);
      // Interleave the writes of both uploads, then commit both at once.
      Future<Void> chain = Future.succeededFuture();
      for (int off = 0; off < a.length; off += 512 * 1024) {
        int from = off;
        int to = Math.min(a.length, off + 512 * 1024);
        chain = chain
            .compose(v -> uploads[0].write(Buffer.buffer(Arrays.copyOfRange(a, from, to))))
            .compose(v -> uploads[1].write(Buffer.buffer(Arrays.copyOfRange(b, from, to))));
      }
      return chain.compose(v -> Future.all(uploads[0].commit(), uploads[1].commit()))
          .map(all -> List.of(all.<BlobInfo>resultAt(0), all.<BlobInfo>resultAt(1)));
    });
    byte[] stored = readAll(() -> store.get(key));
    assertTrue(Arrays.equals(a, stored) || Arrays.equals(b, stored), "stored blob mixes two uploads");
    BlobInfo head = await(() -> store.head(key));
    assertTrue(head.equals(infos.get(0)) || head.equals(infos.get(1)));
    assertEquals(crc(stored), head.checksum());
    assertEquals(head, await(() -> store.verify(key)));
  }

  @Test
  void readersDuringAnUploadSeeTheOldBlobOrNothing() throws Exception {
    String fresh = key();
    String existing = key();
    byte[] old = random(300_000, 9);
    byte[] replacement = random(6 * MiB, 10);
    await(() -> store.put(existing, Buffer.buffer(old)));

    BlobUpload[] uploads = new BlobUpload[2];
    await(() -> {
      uploads[0] = store.begin(fresh);
      uploads[1] = store.begin(existing);
      return writeChunks(uploads[0], replacement, new Random(11), 128 * 1024, 128 * 1024)
          .compose(v -> writeChunks(uploads[1], replacement, new Random(12), 128 * 1024, 128 * 1024));
    });
    // Everything written, nothing committed.
    assertNull(await(() -> store.head(fresh)));
    assertInstanceOf(BlobNotFoundException.class, awaitFailure(() -> store.get(fresh)));
    assertEquals(old.length, await(() -> store.head(existing)).size());
    assertArrayEquals(old, readAll(() -> store.get(existing)));

    await(() -> uploads[0].commit());
    await(() -> uploads[1].commit());
    assertArrayEquals(replacement, readAll(() -> store.get(fresh)));
    assertArrayEquals(replacement, readAll(() -> store.get(existing)));
  }

  @Test
  void aStreamOpenedBeforeAnOverwriteReadsTheOldBlob() throws Exception {
    String key = key();
    byte[] old = random(400_000, 13);
    await(() -> store.put(key, Buffer.buffer(old)));
    BlobReadStream stream = await(() -> store.get(key));
    await(() -> store.put(key, Buffer.buffer(random(500_000, 14))));
    assertArrayEquals(old, collect(stream));
  }

  @Test
  void verifyDetectsCorruption() throws Exception {
    String key = key();
    byte[] data = random(200_000, 15);
    BlobInfo info = await(() -> store.put(key, Buffer.buffer(data)));
    assertEquals(info, await(() -> store.verify(key)));
    corrupt(key);
    BlobCorruptedException e = assertInstanceOf(BlobCorruptedException.class,
        awaitFailure(() -> store.verify(key)));
    assertTrue(e.getMessage().contains(info.checksum()), e.getMessage());
  }

  @Test
  void badKeysAreRejected() throws Exception {
    String tooLong = "a".repeat(BlobKeys.MAX_LENGTH + 1);
    for (String bad : new String[] {"", "/etc/passwd", "a/../b", "..", ".", "a//b", "a/", "a\\b",
        "a b", "\u00fc", "a/.hidden", "a:b", "a?b", "%2e%2e", tooLong, "x/" + "s".repeat(201)}) {
      assertThrows(InvalidBlobKeyException.class, () -> store.begin(bad), bad);
      assertInstanceOf(InvalidBlobKeyException.class, awaitFailure(() -> store.head(bad)), bad);
      assertInstanceOf(InvalidBlobKeyException.class, awaitFailure(() -> store.get(bad)), bad);
      assertInstanceOf(InvalidBlobKeyException.class, awaitFailure(() -> store.get(bad, 0, 1)), bad);
      assertInstanceOf(InvalidBlobKeyException.class, awaitFailure(() -> store.readRange(bad, 0, 1)), bad);
      assertInstanceOf(InvalidBlobKeyException.class, awaitFailure(() -> store.delete(bad)), bad);
      assertInstanceOf(InvalidBlobKeyException.class, awaitFailure(() -> store.verify(bad)), bad);
      assertInstanceOf(InvalidBlobKeyException.class, awaitFailure(() -> store.put(bad, Buffer.buffer("x"))), bad);
    }
    assertThrows(InvalidBlobKeyException.class, () -> store.begin(null));
    InvalidBlobKeyException e = assertThrows(InvalidBlobKeyException.class, () -> store.begin("a/../b"));
    assertTrue(e.getMessage().contains("'a/../b'"), e.getMessage());

    String uidKey = key() + "/1.2.840.10008.5.1.4.1.1.2/1.3.6.1.4.1.9328.50.1.8862";
    await(() -> store.put(uidKey, Buffer.buffer("dicom")));
    assertArrayEquals("dicom".getBytes(), readAll(() -> store.get(uidKey)));
  }

  @Test
  void writesAfterCommitOrAbortAreRejected() throws Exception {
    BlobUpload committed = store.begin(key());
    await(() -> committed.write(Buffer.buffer("abc")).compose(v -> committed.commit()));
    assertInstanceOf(IllegalStateException.class, awaitFailure(() -> committed.write(Buffer.buffer("x"))));
    assertInstanceOf(IllegalStateException.class, awaitFailure(() -> committed.commit()));
    await(() -> committed.abort()); // a no-op: the blob stays
    assertEquals(3, await(() -> store.head(committed.key())).size());

    BlobUpload aborted = store.begin(key());
    await(() -> aborted.write(Buffer.buffer("abc")).compose(v -> aborted.abort()));
    assertInstanceOf(IllegalStateException.class, awaitFailure(() -> aborted.write(Buffer.buffer("x"))));
    assertInstanceOf(IllegalStateException.class, awaitFailure(() -> aborted.commit()));
    assertNull(await(() -> store.head(aborted.key())));
  }

  @Test
  void aSlowConsumerHoldsBackTheReader() throws Exception {
    String key = key();
    byte[] data = random(3 * MiB, 16);
    await(() -> store.put(key, Buffer.buffer(data)));
    SlowWriteStream slow = new SlowWriteStream(vertx, 4);
    await(() -> store.get(key).compose(stream -> stream.pipeTo(slow)));
    assertArrayEquals(data, slow.received());
    assertTrue(slow.chunks > 20, "expected a streamed read, got " + slow.chunks + " chunks");
    // The pipe pauses the source when the queue is full: at most one chunk beyond the limit.
    assertTrue(slow.maxQueued <= slow.limit + 1,
        "queue grew to " + slow.maxQueued + " chunks with a limit of " + slow.limit);
  }

  @Test
  void aConsumerThatStopsEarlyCanClose() throws Exception {
    String key = key();
    await(() -> store.put(key, Buffer.buffer(random(2 * MiB, 17))));
    Buffer first = await(() -> store.get(key).compose(stream -> {
      Promise<Buffer> one = Promise.promise();
      stream.handler(chunk -> {
        stream.pause();
        one.tryComplete(chunk);
      });
      return one.future().compose(chunk -> stream.close().map(chunk));
    }));
    assertTrue(first.length() > 0);
    assertTrue(await(() -> store.delete(key)));
  }

  @Test
  void theBlockingGuardRefusesEventLoops() throws Exception {
    IllegalStateException e = assertInstanceOf(IllegalStateException.class, awaitFailure(() -> {
      Blocking.check("test");
      return Future.succeededFuture();
    }));
    assertTrue(e.getMessage().contains("event loop"));
  }

  // ---- helpers ----

  @Test
  void listingWalksEveryCommittedBlobOncePageByPage() throws Exception {
    String prefix = "list-" + UUID.randomUUID().toString().substring(0, 8);
    // Keys whose segment order and whole-key order differ ("a.x" < "a/b" as strings, not as paths).
    List<String> keys = List.of(prefix + "/2026/01/02/1.2.3-a.dcm", prefix + "/2026/01/02/1.2.3-b.dcm",
        prefix + "/2026/01/10/9.dcm", prefix + "/2026/01.x", prefix + "/2026/01/02/1.2.30.dcm",
        prefix + "/2027/12/31/x.dcm", prefix + "/2026/02/01/y.dcm");
    java.time.Instant before = java.time.Instant.now().minusSeconds(5);
    for (String k : keys) {
      await(() -> store.put(k, Buffer.buffer("bytes of " + k)));
    }
    String deleted = prefix + "/2026/01/02/gone.dcm";
    await(() -> store.put(deleted, Buffer.buffer("soon gone")));
    await(() -> store.delete(deleted));
    BlobUpload pending = store.begin(prefix + "/2026/01/02/pending.dcm");
    await(() -> pending.write(Buffer.buffer("not committed")));

    for (int limit : new int[] {1, 2, 3, 1000}) {
      List<String> seen = new ArrayList<>();
      String next = null;
      int pages = 0;
      do {
        String startAfter = next;
        BlobPage page = await(() -> store.list(startAfter, limit));
        assertTrue(page.blobs().size() <= limit);
        for (ListedBlob blob : page.blobs()) {
          if (blob.key().startsWith(prefix + "/")) {
            seen.add(blob.key());
            assertTrue(blob.lastModified().isAfter(before), blob.toString());
          }
        }
        next = page.next();
        assertTrue(++pages < 10_000, "the walk does not end");
      } while (next != null);
      assertEquals(keys.size(), seen.size(), "limit " + limit + ": " + seen);
      assertEquals(new java.util.HashSet<>(keys), new java.util.HashSet<>(seen), "limit " + limit);
    }
    await(() -> pending.abort());
    assertThrows(IllegalArgumentException.class, () -> await(() -> store.list(null, 0)));
  }

  static String key() {
    return "test/" + UUID.randomUUID();
  }

  static byte[] random(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  static byte[] filled(int size, byte value) {
    byte[] b = new byte[size];
    Arrays.fill(b, value);
    return b;
  }

  static String crc(byte[] data) {
    CRC32C crc = new CRC32C();
    crc.update(data);
    return String.format("%08x", crc.getValue());
  }

  /** Begins, writes in chunks of random sizes (waiting for each write), commits. */
  Future<BlobInfo> upload(String key, byte[] data, Random sizes, int minChunk, int maxChunk) {
    BlobUpload upload = store.begin(key);
    return writeChunks(upload, data, sizes, minChunk, maxChunk).compose(v -> upload.commit());
  }

  static Future<Void> writeChunks(BlobUpload upload, byte[] data, Random sizes, int minChunk, int maxChunk) {
    return writeFrom(upload, data, 0, sizes, minChunk, maxChunk);
  }

  private static Future<Void> writeFrom(BlobUpload upload, byte[] data, int from, Random sizes,
      int minChunk, int maxChunk) {
    if (from >= data.length) {
      return Future.succeededFuture();
    }
    int size = minChunk == maxChunk ? minChunk : minChunk + sizes.nextInt(maxChunk - minChunk);
    int to = Math.min(data.length, from + size);
    return upload.write(Buffer.buffer(Arrays.copyOfRange(data, from, to)))
        .compose(v -> writeFrom(upload, data, to, sizes, minChunk, maxChunk));
  }

  /** Runs the operation on the event loop and waits (on the test thread) for its result. */
  <T> T await(Supplier<Future<T>> operation) throws Exception {
    try {
      return start(operation).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Exception cause) {
        throw cause;
      }
      throw e;
    } catch (TimeoutException e) {
      throw new AssertionError("operation did not complete within " + TIMEOUT, e);
    }
  }

  /** Runs the operation on the event loop and returns why it failed (fails the test if it did not). */
  Throwable awaitFailure(Supplier<? extends Future<?>> operation) throws Exception {
    try {
      @SuppressWarnings("unchecked")
      Supplier<Future<Object>> op = () -> (Future<Object>) operation.get();
      Object result = start(op).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      return fail("expected a failure, got " + result);
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (TimeoutException e) {
      throw new AssertionError("operation neither failed nor succeeded within " + TIMEOUT, e);
    }
  }

  private <T> CompletableFuture<T> start(Supplier<? extends Future<T>> operation) {
    CompletableFuture<T> result = new CompletableFuture<>();
    loop.runOnContext(v -> {
      if (!Context.isOnEventLoopThread()) {
        result.completeExceptionally(new AssertionError("not on an event loop"));
        return;
      }
      try {
        operation.get().onComplete(ar -> {
          if (ar.succeeded()) {
            result.complete(ar.result());
          } else {
            result.completeExceptionally(ar.cause());
          }
        });
      } catch (Throwable t) {
        result.completeExceptionally(t);
      }
    });
    return result;
  }

  byte[] readAll(Supplier<Future<BlobReadStream>> open) throws Exception {
    return await(() -> open.get().compose(BlobStoreContract::collectAsync)).getBytes();
  }

  byte[] collect(BlobReadStream stream) throws Exception {
    return await(() -> collectAsync(stream)).getBytes();
  }

  static Future<Buffer> collectAsync(BlobReadStream stream) {
    Promise<Buffer> done = Promise.promise();
    Buffer all = Buffer.buffer();
    long[] count = {0};
    stream.exceptionHandler(done::tryFail);
    stream.endHandler(v -> {
      if (count[0] != stream.length()) {
        done.tryFail(new AssertionError("stream length " + stream.length() + " but got " + count[0]));
      } else {
        done.tryComplete(all);
      }
    });
    stream.handler(chunk -> {
      count[0] += chunk.length();
      all.appendBuffer(chunk);
    });
    return done.future();
  }

  /**
   * A WriteStream that accepts a few chunks and then reports itself full; it takes one chunk off
   * its queue per timer tick. It records the longest queue it ever held.
   */
  static final class SlowWriteStream implements WriteStream<Buffer> {
    final Vertx vertx;
    final int limit;
    final ArrayDeque<Buffer> queue = new ArrayDeque<>();
    final List<Buffer> taken = new ArrayList<>();
    int maxQueued;
    int chunks;
    private Handler<Void> drainHandler;
    private Promise<Void> ended;

    SlowWriteStream(Vertx vertx, int limit) {
      this.vertx = vertx;
      this.limit = limit;
    }

    @Override
    public WriteStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
      return this;
    }

    @Override
    public Future<Void> write(Buffer data) {
      queue.add(data);
      chunks++;
      maxQueued = Math.max(maxQueued, queue.size());
      if (queue.size() == 1) {
        vertx.setTimer(1, id -> takeOne());
      }
      return Future.succeededFuture();
    }

    private void takeOne() {
      taken.add(queue.poll());
      if (!queue.isEmpty()) {
        vertx.setTimer(1, id -> takeOne());
      }
      if (queue.size() < limit / 2 && drainHandler != null) {
        Handler<Void> h = drainHandler;
        drainHandler = null;
        h.handle(null);
      }
      if (queue.isEmpty() && ended != null) {
        ended.tryComplete();
      }
    }

    @Override
    public Future<Void> end() {
      ended = Promise.promise();
      if (queue.isEmpty()) {
        ended.complete();
      }
      return ended.future();
    }

    @Override
    public WriteStream<Buffer> setWriteQueueMaxSize(int maxSize) {
      return this;
    }

    @Override
    public boolean writeQueueFull() {
      return queue.size() >= limit;
    }

    @Override
    public WriteStream<Buffer> drainHandler(Handler<Void> handler) {
      this.drainHandler = handler;
      return this;
    }

    byte[] received() {
      Buffer all = Buffer.buffer();
      taken.forEach(all::appendBuffer);
      return all.getBytes();
    }
  }
}
