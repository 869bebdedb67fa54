package io.sagitta.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.nio.file.ExtendedOpenOption;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/** What the kernel keeps of a file in memory, and whether a file system takes direct I/O: for tests of how blobs are written. */
public final class PageCache {

  private PageCache() {}

  /** The bytes of {@code file} in the page cache, from util-linux's {@code fincore}; skips the test without it. */
  public static long residentBytes(Path file) throws Exception {
    Process fincore;
    try {
      fincore = new ProcessBuilder("fincore", "--bytes", "--noheadings", "--output", "RES", file.toString())
          .redirectErrorStream(true).start();
    } catch (IOException e) {
      assumeTrue(false, "no fincore (util-linux) here: " + e);
      throw e;
    }
    String out = new String(fincore.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
    assertEquals(0, fincore.waitFor(), out);
    return Long.parseLong(out);
  }

  /** Whether a file can be opened with {@code O_DIRECT} in {@code dir}. */
  public static boolean directIoWorksIn(Path dir) throws IOException {
    Path probe = dir.resolve("direct-io-probe-" + UUID.randomUUID());
    try (FileChannel ignored = FileChannel.open(probe, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
        ExtendedOpenOption.DIRECT)) {
      return true;
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    } finally {
      Files.deleteIfExists(probe);
    }
  }
}
