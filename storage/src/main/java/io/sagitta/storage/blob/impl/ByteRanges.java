package io.sagitta.storage.blob.impl;

import io.sagitta.storage.blob.BlobRangeException;
import io.sagitta.storage.blob.BlobStore;
import io.vertx.core.Future;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Checks of the {@code {offset, length}} pairs given to {@link BlobStore#readRanges}, shared by the
 * stores so both refuse the same input with the same exceptions.
 */
final class ByteRanges {

  private ByteRanges() {}

  /** Checks {@code ranges} ({@link #total}) and reads them with {@code read}, given their total; a bad list fails the future. */
  static <T> Future<T> readChecked(String key, List<long[]> ranges, IntFunction<Future<T>> read) {
    int total;
    try {
      total = total(key, ranges);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    return read.apply(total);
  }

  /**
   * The total length of the ranges, once each is a pair of non-negative numbers whose end does not
   * overflow; {@link BlobRangeException} or {@link IllegalArgumentException} otherwise. Needs no I/O,
   * so callers check before they touch the blob.
   */
  static int total(String key, List<long[]> ranges) {
    if (ranges == null) {
      throw new IllegalArgumentException("no list of ranges to read from blob '" + key + "'");
    }
    long total = 0;
    for (long[] r : ranges) {
      if (r == null || r.length != 2) {
        throw new IllegalArgumentException("a range to read from blob '" + key
            + "' is not an {offset, length} pair");
      }
      if (r[0] < 0 || r[1] < 0 || r[0] + r[1] < 0) {
        throw new BlobRangeException(key, r[0], r[1], -1);
      }
      total += r[1];
      if (total > BlobStore.MAX_READ_BYTES) {
        throw new IllegalArgumentException("reading " + ranges.size() + " ranges of blob '" + key
            + "' whole would take more than " + BlobStore.MAX_READ_BYTES + " bytes");
      }
    }
    return (int) total;
  }

  /** Throws {@link BlobRangeException} for the first range that ends past {@code size}. */
  static void checkWithin(String key, List<long[]> ranges, long size) {
    for (long[] r : ranges) {
      if (r[0] + r[1] > size) {
        throw new BlobRangeException(key, r[0], r[1], size);
      }
    }
  }
}
