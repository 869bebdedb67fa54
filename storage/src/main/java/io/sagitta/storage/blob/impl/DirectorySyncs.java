package io.sagitta.storage.blob.impl;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;

/**
 * fsync of directories, shared between callers: a rename becomes durable with an fsync of its directory
 * that starts after it, and one fsync serves every rename made before it started. A caller that arrives
 * while an fsync of the same directory runs waits for the next one, which one of the waiters runs for all
 * of them. Blobs of one day share a directory, so concurrent stores share most directory fsyncs.
 *
 * <p>Blocking: called on the blob store's workers only. A failed fsync counts for nobody: each waiter then
 * tries again (one at a time), so a failure is never reported as durable.
 */
final class DirectorySyncs {

  /** The fsync itself (a seam for tests). */
  interface Fsync {
    void fsync(Path dir) throws IOException;
  }

  /** Directories are per day: a bound only matters to a process that runs for years. */
  private static final int MAX_DIRECTORIES = 1024;

  private final Fsync fsync;
  private final ConcurrentHashMap<Path, Group> groups = new ConcurrentHashMap<>();

  DirectorySyncs(Fsync fsync) {
    this.fsync = fsync;
  }

  /** Returns once an fsync of {@code dir} that started after this call began has completed. */
  void sync(Path dir) throws IOException {
    if (groups.size() > MAX_DIRECTORIES) {
      groups.clear(); // a caller still inside an old group is served by that group
    }
    groups.computeIfAbsent(dir, d -> new Group()).sync(dir);
  }

  private final class Group {
    private long issued;   // tickets handed out, one per call
    private long covered;  // every ticket up to this one is durable
    private boolean running;

    void sync(Path dir) throws IOException {
      long upTo;
      synchronized (this) {
        long ticket = ++issued;
        while (running && covered < ticket) {
          try {
            wait();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted waiting for an fsync of " + dir);
          }
        }
        if (covered >= ticket) {
          return;
        }
        running = true;
        upTo = issued; // every caller with a ticket so far renamed before this fsync starts
      }
      boolean done = false;
      try {
        fsync.fsync(dir);
        done = true;
      } finally {
        synchronized (this) {
          running = false;
          if (done) {
            covered = Math.max(covered, upTo);
          }
          notifyAll();
        }
      }
    }
  }
}
