package io.sagitta.storage.blob.impl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.nio.file.ExtendedOpenOption;
import io.sagitta.core.testing.PageCache;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whatever the sizes of the pieces, the file holds exactly the bytes given, in order, and no padding. */
class DirectFileWriterTest {

  private static final int BLOCK = 4096;

  @TempDir
  Path dir;

  @Test
  void piecesAroundBlockAndStagingBoundaries() throws Exception {
    int staging = StagingBuffers.SIZE;
    int[][] writes = {
        {1},
        {BLOCK - 1, 1},
        {BLOCK},
        {BLOCK + 1, 0, BLOCK - 1, 2},
        {staging - 1, 1, 5},
        {staging, staging + 3, 7},
        {300_000, 12, 0}, {270_123}, {24},
    };
    Random random = new Random(5);
    for (int w = 1; w <= writes.length; w++) {
      assertWritten(random, List.of(writes).subList(0, w));
    }
  }

  @Test
  void randomPieces() throws Exception {
    Random random = new Random(9);
    for (int round = 0; round < 40; round++) {
      List<int[]> writes = new ArrayList<>();
      for (int w = random.nextInt(4) + 1; w > 0; w--) {
        int[] pieces = new int[random.nextInt(3) + 1];
        for (int p = 0; p < pieces.length; p++) {
          pieces[p] = random.nextInt(4) == 0 ? random.nextInt(3 * BLOCK) : random.nextInt(1_500_000);
        }
        writes.add(pieces);
      }
      assertWritten(random, writes);
    }
  }

  /**
   * Writes: one call per int[], one piece (heap or direct, in turn) per int in it; the last int[] is given either
   * to {@code finish} or to a last {@code write} before a {@code finish} with nothing.
   */
  private void assertWritten(Random random, List<int[]> writes) throws IOException {
    assumeTrue(PageCache.directIoWorksIn(dir), "no direct I/O on the test directory's file system");
    Path file = dir.resolve("f" + random.nextInt(Integer.MAX_VALUE));
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    StagingBuffers staging = new StagingBuffers(BLOCK, 1);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
        ExtendedOpenOption.DIRECT)) {
      DirectFileWriter writer = new DirectFileWriter(ch, staging);
      int n = 0;
      boolean lastInFinish = random.nextBoolean();
      for (int w = 0; w < writes.size(); w++) {
        int[] pieces = writes.get(w);
        ByteBuffer[] data = new ByteBuffer[pieces.length];
        for (int p = 0; p < pieces.length; p++) {
          byte[] bytes = new byte[pieces[p]];
          random.nextBytes(bytes);
          expected.write(bytes);
          ByteBuffer piece = n++ % 2 == 0 ? ByteBuffer.wrap(bytes) : ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
          data[p] = piece.asReadOnlyBuffer();
        }
        if (w < writes.size() - 1 || !lastInFinish) {
          writer.write(data);
        } else {
          writer.finish(data);
        }
      }
      if (!lastInFinish) {
        writer.finish(new ByteBuffer[0]);
      }
    }
    assertArrayEquals(expected.toByteArray(), Files.readAllBytes(file));
    Files.delete(file);
  }
}
