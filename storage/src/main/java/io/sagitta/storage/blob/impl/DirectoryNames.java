package io.sagitta.storage.blob.impl;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The sorted entry names of the directories a paged listing walks, kept between its pages for a
 * short while. Blob keys put a whole day's instances in one directory: reading and sorting its
 * 100,000 names again for every page of 500 made an orphan sweep quadratic in the size of a day
 * (in a store benchmark the sweep took a fifth of the blob workers' time). A listing that starts
 * anew reads every directory afresh; its later pages may miss a blob written after the directory
 * was read, which a paged listing never promised to see. Blocking: called on the store's pool.
 */
final class DirectoryNames {

  /** How long a read directory serves the pages after it. */
  static final long KEPT_NANOS = TimeUnit.SECONDS.toNanos(30);

  /** About the depth of a key: one directory per level of the walk in progress. */
  private static final int DIRECTORIES = 8;

  /** Reads one directory's entry names (not sorted, not filtered). */
  interface Reader {
    List<String> read(Path dir) throws IOException;
  }

  private record Snapshot(List<String> sortedNames, long readAt) {
  }

  private final Reader reader;
  private final LongSupplier nanoClock;
  private final Map<Path, Snapshot> recent = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Path, Snapshot> eldest) {
      return size() > DIRECTORIES;
    }
  };

  DirectoryNames(Reader reader, LongSupplier nanoClock) {
    this.reader = reader;
    this.nanoClock = nanoClock;
  }

  static DirectoryNames create() {
    return new DirectoryNames(DirectoryNames::readEntries, System::nanoTime);
  }

  /**
   * The directory's names in order, without hidden ones (never a key segment). {@code fresh}: a
   * listing's first page, which must see everything committed before it.
   */
  List<String> sorted(Path dir, boolean fresh) throws IOException {
    long now = nanoClock.getAsLong();
    if (!fresh) {
      synchronized (recent) {
        Snapshot kept = recent.get(dir);
        if (kept != null && now - kept.readAt() < KEPT_NANOS) {
          return kept.sortedNames();
        }
      }
    }
    List<String> names = new ArrayList<>();
    for (String name : reader.read(dir)) {
      if (!name.startsWith(".")) {
        names.add(name);
      }
    }
    names.sort(null);
    List<String> sorted = List.copyOf(names);
    synchronized (recent) {
      recent.put(dir, new Snapshot(sorted, now));
    }
    return sorted;
  }

  private static List<String> readEntries(Path dir) throws IOException {
    List<String> names = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path entry : entries) {
        names.add(entry.getFileName().toString());
      }
    }
    return names;
  }
}
