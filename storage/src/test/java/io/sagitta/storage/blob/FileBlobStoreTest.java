package io.sagitta.storage.blob;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.channel.FileRegion;
import io.sagitta.core.testing.PageCache;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileBlobStoreTest extends BlobStoreContract {

  @TempDir
  static Path root;

  @Override
  protected Future<? extends BlobStore> createStore() {
    return FileBlobStore.create(vertx, new FileBlobStoreOptions().setRoot(root).setWorkerPoolSize(4));
  }

  private Path file(String key) {
    return objectFile(root, key);
  }

  /** Where a file store under {@code root} keeps the blob {@code key}. */
  static Path objectFile(Path root, String key) {
    return root.resolve("objects").resolve(key);
  }

  @Override
  protected void corrupt(String key) throws Exception {
    flipABit(file(key));
  }

  /** Flips a bit of a blob's bytes in its file, as a failing disk would. */
  static void flipABit(Path file) throws Exception {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.seek(1234);
      int b = f.read();
      f.seek(1234);
      f.write(b ^ 0x10);
    }
  }

  @Test
  void committedBlobIsAPlainFileWithATrailerAndNoTemporaryIsLeft() throws Exception {
    String key = key();
    await(() -> store.put(key, Buffer.buffer("0123456789")));
    assertEquals(10 + 24, Files.size(file(key)));
    try (Stream<Path> parts = Files.list(root.resolve("tmp"))) {
      assertEquals(0, parts.count());
    }
  }

  @Test
  void aTemporaryFileIsInvisibleUntilCommit() throws Exception {
    String key = key();
    BlobUpload upload = store.begin(key);
    await(() -> upload.write(Buffer.buffer("partial")));
    try (Stream<Path> parts = Files.list(root.resolve("tmp"))) {
      assertEquals(1, parts.filter(p -> p.toString().endsWith(".part")).count());
    }
    assertFalse(Files.exists(file(key)));
    await(() -> upload.commit());
    assertTrue(Files.exists(file(key)));
  }

  @Test
  void sweepRemovesOnlyStaleTemporaries() throws Exception {
    Path stale = root.resolve("tmp").resolve("crashed-upload.part");
    Files.write(stale, new byte[100]);
    Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
    BlobUpload live = store.begin(key());
    await(() -> live.write(Buffer.buffer("still writing")));

    assertEquals(1, await(() -> store.sweepTemporary(Duration.ofHours(1))));
    assertFalse(Files.exists(stale));
    await(() -> live.commit()); // the live upload's file was left alone
    assertTrue(await(() -> store.exists(live.key())));
  }

  @Test
  void aTruncatedFileIsReportedAsCorrupted() throws Exception {
    String key = key();
    await(() -> store.put(key, Buffer.buffer(random(5000, 20))));
    try (RandomAccessFile f = new RandomAccessFile(file(key).toFile(), "rw")) {
      f.setLength(3000);
    }
    assertInstanceOf(BlobCorruptedException.class, awaitFailure(() -> store.head(key)));
    assertInstanceOf(BlobCorruptedException.class, awaitFailure(() -> store.get(key)));
    assertInstanceOf(BlobCorruptedException.class, awaitFailure(() -> store.readRange(key, 0, 10)));
    assertInstanceOf(BlobCorruptedException.class, awaitFailure(() -> store.verify(key)));
    assertInstanceOf(BlobCorruptedException.class, awaitFailure(() -> store.fileRegion(key, 0, 10)));
  }

  @Test
  void aKeyUnderABlobFailsClearly() throws Exception {
    String key = key();
    await(() -> store.put(key, Buffer.buffer("leaf")));
    BlobStoreException e = assertInstanceOf(BlobStoreException.class,
        awaitFailure(() -> store.put(key + "/below", Buffer.buffer("x"))));
    assertTrue(e.getMessage().contains("prefix"), e.getMessage());
    assertEquals(0, await(() -> store.sweepTemporary(Duration.ZERO)));
  }

  @Test
  void fromEnvironmentWithoutABucketUsesTheDataDirectory() throws Exception {
    Path dataDir = root.resolve("data");
    BlobStore fromEnv = await(() -> BlobStores.fromEnvironment(vertx, Map.of(), dataDir));
    try {
      assertInstanceOf(FileBlobStore.class, fromEnv);
      await(() -> fromEnv.put("k", Buffer.buffer("v")));
      assertTrue(Files.exists(dataDir.resolve("blobs/objects/k")));
      assertNull(await(() -> fromEnv.head("other")));
    } finally {
      await(() -> fromEnv.close());
    }
  }

  @Test
  void aLargeBlobIsWrittenPastThePageCacheAndReadsBackExactly() throws Exception {
    assumeTrue(PageCache.directIoWorksIn(root), "the file system of the test directory has no direct I/O");
    String key = key();
    byte[] data = random(3 * MiB + 4_097, 11);
    // Chunks of odd sizes, the first large enough for direct I/O, some larger than a staging buffer.
    BlobInfo info = await(() -> upload(key, data, new Random(12), 130_000, 1_300_000));
    assertEquals(new BlobInfo(key, data.length, crc(data)), info);
    assertEquals(data.length + 24, Files.size(file(key)));
    assertEquals(0, PageCache.residentBytes(file(key)), "direct I/O leaves none of the file in memory");
    assertArrayEquals(data, readAll(() -> store.get(key)));
    assertEquals(info, await(() -> store.verify(key)));
  }

  @Test
  void aSmallBlobIsWrittenThroughThePageCache() throws Exception {
    String key = key();
    await(() -> store.put(key, Buffer.buffer(random(100_000, 13))));
    assertEquals(Files.size(file(key)), PageCache.residentBytes(file(key)), 4096);
  }

  @Test
  void aRegionSendsItsRangeOfTheBlobAndClosesTheFileWhenReleased() throws Exception {
    String key = key();
    byte[] data = random(3 * MiB + 5, 14);
    await(() -> store.put(key, Buffer.buffer(data)));
    FileRegion middle = await(() -> store.fileRegion(key, 1000, 2 * MiB));
    assertEquals(2 * MiB, middle.count());
    assertArrayEquals(Arrays.copyOfRange(data, 1000, 1000 + 2 * MiB), sent(middle));
    assertTrue(((io.netty.channel.DefaultFileRegion) middle).isOpen());
    middle.release();
    assertFalse(((io.netty.channel.DefaultFileRegion) middle).isOpen(), "releasing the region closes its file");
    FileRegion whole = await(() -> store.fileRegion(key, 0, data.length));
    try {
      assertArrayEquals(data, sent(whole));
    } finally {
      whole.release();
    }
    FileRegion empty = await(() -> store.fileRegion(key, data.length, 0));
    assertEquals(0, empty.count());
    empty.release();
  }

  @Test
  void aRegionOutsideTheBlobOrOfNoBlobFailsAsARangeRead() throws Exception {
    String key = key();
    await(() -> store.put(key + "/leaf", Buffer.buffer(random(5000, 15))));
    assertInstanceOf(BlobRangeException.class, awaitFailure(() -> store.fileRegion(key + "/leaf", 4000, 1001)));
    assertInstanceOf(BlobRangeException.class, awaitFailure(() -> store.fileRegion(key + "/leaf", -1, 5)));
    assertInstanceOf(BlobRangeException.class, awaitFailure(() -> store.fileRegion(key + "/leaf", 0, -5)));
    assertInstanceOf(BlobRangeException.class, awaitFailure(() -> store.fileRegion(key + "/leaf", 1, Long.MAX_VALUE)));
    assertInstanceOf(BlobNotFoundException.class, awaitFailure(() -> store.fileRegion(key(), 0, 1)));
    assertInstanceOf(BlobNotFoundException.class, awaitFailure(() -> store.fileRegion(key, 0, 1)), "a directory");
    assertInstanceOf(InvalidBlobKeyException.class, awaitFailure(() -> store.fileRegion("../x", 0, 1)));
  }

  @Test
  void aRegionStaysOnTheBlobItWasOpenedOnWhenTheKeyIsReplaced() throws Exception {
    String key = key();
    byte[] first = random(100_000, 16);
    await(() -> store.put(key, Buffer.buffer(first)));
    FileRegion region = await(() -> store.fileRegion(key, 0, first.length));
    try {
      await(() -> store.put(key, Buffer.buffer(random(100_000, 17))));
      assertArrayEquals(first, sent(region));
    } finally {
      region.release();
    }
  }

  @Test
  void aRegionIsInThePageCacheBeforeItIsSent() throws Exception {
    assumeTrue(PageCache.directIoWorksIn(root), "the file system of the test directory has no direct I/O");
    String key = key();
    byte[] data = random(3 * MiB, 18);
    await(() -> upload(key, data, new Random(19), 1_300_000, 1_300_001));
    assertEquals(0, PageCache.residentBytes(file(key)), "written past the page cache");
    FileRegion region = await(() -> store.fileRegion(key, MiB, MiB));
    region.release();
    long resident = PageCache.residentBytes(file(key));
    // The range, give or take what the kernel reads ahead around it and the blocks at its edges.
    assertTrue(resident >= MiB && resident <= Files.size(file(key)), "resident: " + resident);
  }

  /** What a socket would receive from the region. */
  private static byte[] sent(FileRegion region) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    WritableByteChannel to = Channels.newChannel(out);
    while (region.transferred() < region.count()) {
      region.transferTo(to, region.transferred());
    }
    return out.toByteArray();
  }
}
