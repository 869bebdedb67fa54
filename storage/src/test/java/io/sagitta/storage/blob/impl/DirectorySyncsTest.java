package io.sagitta.storage.blob.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DirectorySyncsTest {

  private static final Path DIR = Path.of("/blobs/2026/11/23");

  @Test
  void callersDuringAnFsyncShareTheNextOneAndEachReturnsAfterAnFsyncThatStartedAfterIt() throws Exception {
    AtomicInteger fsyncs = new AtomicInteger();
    AtomicLong lastStart = new AtomicLong();
    CountDownLatch firstStarted = new CountDownLatch(1);
    CountDownLatch releaseFirst = new CountDownLatch(1);
    DirectorySyncs syncs = new DirectorySyncs(dir -> {
      lastStart.set(System.nanoTime());
      if (fsyncs.incrementAndGet() == 1) {
        firstStarted.countDown();
        await(releaseFirst);
      }
    });
    ExecutorService pool = Executors.newFixedThreadPool(9);
    try {
      Future<?> first = pool.submit(() -> sync(syncs));
      assertTrue(firstStarted.await(10, TimeUnit.SECONDS));
      // Eight renames made while the first fsync runs: it started before them, so it cannot cover them.
      List<Future<Long>> waiting = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        waiting.add(pool.submit(() -> {
          long called = System.nanoTime();
          sync(syncs);
          return called;
        }));
      }
      Thread.sleep(100); // let them all queue behind the running fsync
      assertEquals(1, fsyncs.get(), "nobody else fsyncs while one runs");
      releaseFirst.countDown();
      first.get(10, TimeUnit.SECONDS);
      for (Future<Long> w : waiting) {
        long called = w.get(10, TimeUnit.SECONDS);
        assertTrue(lastStart.get() > called, "returned after an fsync that started after the call");
      }
      assertEquals(2, fsyncs.get(), "the eight waiters shared one fsync");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aFailedFsyncIsNeverTakenAsDurable() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    CountDownLatch failing = new CountDownLatch(1);
    CountDownLatch fail = new CountDownLatch(1);
    DirectorySyncs syncs = new DirectorySyncs(dir -> {
      if (calls.incrementAndGet() == 1) {
        failing.countDown();
        await(fail);
        throw new IOException("disk gone");
      }
    });
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<?> first = pool.submit(() -> {
        assertThrows(IOException.class, () -> syncs.sync(DIR));
        return null;
      });
      assertTrue(failing.await(10, TimeUnit.SECONDS));
      Future<?> second = pool.submit(() -> sync(syncs));
      Thread.sleep(50);
      fail.countDown();
      first.get(10, TimeUnit.SECONDS);
      second.get(10, TimeUnit.SECONDS);
      assertEquals(2, calls.get(), "the waiter ran its own fsync after the failed one");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void directoriesDoNotShare() throws Exception {
    List<Path> synced = new ArrayList<>();
    DirectorySyncs syncs = new DirectorySyncs(synced::add);
    syncs.sync(DIR);
    syncs.sync(DIR.resolveSibling("24"));
    syncs.sync(DIR);
    assertEquals(List.of(DIR, DIR.resolveSibling("24"), DIR), synced, "alone, every call fsyncs");
  }

  private static Void sync(DirectorySyncs syncs) throws IOException {
    syncs.sync(DIR);
    return null;
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
