package io.sagitta.storage.blob;

import java.nio.file.Path;
import java.util.Objects;

/** Configuration of a {@link FileBlobStore}. */
public class FileBlobStoreOptions {

  public static final int DEFAULT_WORKER_POOL_SIZE = 8;
  public static final String DEFAULT_WORKER_POOL_NAME = "sagitta-blob-file";
  public static final int DEFAULT_READ_BUFFER_SIZE = 64 * 1024;

  private Path root;
  private int workerPoolSize = DEFAULT_WORKER_POOL_SIZE;
  private String workerPoolName = DEFAULT_WORKER_POOL_NAME;
  private int readBufferSize = DEFAULT_READ_BUFFER_SIZE;
  private boolean directWrites = true;

  public FileBlobStoreOptions() {}

  public FileBlobStoreOptions(FileBlobStoreOptions other) {
    this.root = other.root;
    this.workerPoolSize = other.workerPoolSize;
    this.workerPoolName = other.workerPoolName;
    this.readBufferSize = other.readBufferSize;
    this.directWrites = other.directWrites;
  }

  /** The directory that holds {@code objects/} (committed blobs) and {@code tmp/} (uploads). */
  public Path getRoot() {
    return root;
  }

  public FileBlobStoreOptions setRoot(Path root) {
    this.root = Objects.requireNonNull(root, "root");
    return this;
  }

  /** Threads for blocking file calls (writes, fsync, rename, verify); also bounds their number. */
  public int getWorkerPoolSize() {
    return workerPoolSize;
  }

  public FileBlobStoreOptions setWorkerPoolSize(int workerPoolSize) {
    if (workerPoolSize < 1) {
      throw new IllegalArgumentException("workerPoolSize must be at least 1, was " + workerPoolSize);
    }
    this.workerPoolSize = workerPoolSize;
    return this;
  }

  /** Name of the Vert.x shared worker pool; stores with the same name share threads. */
  public String getWorkerPoolName() {
    return workerPoolName;
  }

  public FileBlobStoreOptions setWorkerPoolName(String workerPoolName) {
    this.workerPoolName = Objects.requireNonNull(workerPoolName, "workerPoolName");
    return this;
  }

  /** Size of the chunks a read stream delivers. */
  public int getReadBufferSize() {
    return readBufferSize;
  }

  public FileBlobStoreOptions setReadBufferSize(int readBufferSize) {
    if (readBufferSize < 512) {
      throw new IllegalArgumentException("readBufferSize must be at least 512, was " + readBufferSize);
    }
    this.readBufferSize = readBufferSize;
    return this;
  }

  /**
   * Whether large blobs are written with direct I/O, past the page cache, when the file system allows it (the
   * store tries at start and falls back to ordinary writes otherwise). Default true.
   */
  public boolean isDirectWrites() {
    return directWrites;
  }

  public FileBlobStoreOptions setDirectWrites(boolean directWrites) {
    this.directWrites = directWrites;
    return this;
  }
}
