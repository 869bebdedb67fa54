package io.sagitta.storage.blob;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sagitta.core.testing.PageCache;
import io.vertx.core.Future;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole contract again with direct I/O turned off, as on a file system that refuses it: every blob then goes
 * through the page cache.
 */
class FileBlobStoreWithoutDirectWritesTest extends BlobStoreContract {

  @TempDir
  static Path root;

  @Override
  protected Future<? extends BlobStore> createStore() {
    return FileBlobStore.create(vertx, new FileBlobStoreOptions().setRoot(root).setWorkerPoolSize(4)
        .setDirectWrites(false));
  }

  private Path file(String key) {
    return FileBlobStoreTest.objectFile(root, key);
  }

  @Override
  protected void corrupt(String key) throws Exception {
    FileBlobStoreTest.flipABit(file(key));
  }

  @Test
  void aLargeBlobIsWrittenThroughThePageCache() throws Exception {
    String key = key();
    byte[] data = random(3 * MiB + 4_097, 11);
    await(() -> upload(key, data, new Random(12), 130_000, 1_300_000));
    assertEquals(Files.size(file(key)), PageCache.residentBytes(file(key)), 4096);
  }
}
