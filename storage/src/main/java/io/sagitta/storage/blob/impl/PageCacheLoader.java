package io.sagitta.storage.blob.impl;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads a range of a file into the page cache without copying it anywhere: a transfer to {@code /dev/null}, which the
 * JDK does with sendfile(2) on Linux, so the kernel fetches the pages and hands them to a sink that drops them. For a
 * range that a socket then sends with sendfile from an event loop: the wait for the disk happens here, on a worker.
 *
 * <p>Best effort: under memory pressure the pages may be evicted again before the send, which then reads them itself;
 * where there is no {@code /dev/null} nothing is loaded. Blocking; the workers share one sink.
 */
final class PageCacheLoader implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(PageCacheLoader.class.getName());
  private static final Path DEV_NULL = Path.of("/dev/null");

  private FileChannel sink;
  private boolean unavailable;
  private boolean closed;

  /** Loads {@code length} bytes of {@code file} from {@code position} (or fewer, where the file ends first). */
  void load(FileChannel file, long position, long length) throws IOException {
    Blocking.check("load into the page cache");
    FileChannel to = sink();
    long done = 0;
    while (to != null && done < length) {
      long n = file.transferTo(position + done, length - done, to);
      if (n <= 0) {
        return; // the file ends: the send will find out and say so
      }
      done += n;
    }
  }

  // Opened on first use; opened again if an interrupted worker's transfer closed it (interruptible channel).
  private synchronized FileChannel sink() {
    if (closed || unavailable) {
      return null;
    }
    if (sink == null || !sink.isOpen()) {
      try {
        sink = FileChannel.open(DEV_NULL, StandardOpenOption.WRITE);
      } catch (IOException | UnsupportedOperationException e) {
        unavailable = true;
        LOG.log(System.Logger.Level.INFO, "no " + DEV_NULL + " (" + e + "): ranges sent by sendfile are not loaded "
            + "into the page cache first, so a send may wait for the disk");
        return null;
      }
    }
    return sink;
  }

  @Override
  public synchronized void close() throws IOException {
    closed = true;
    if (sink != null) {
      sink.close();
    }
  }
}
