package io.sagitta.storage.blob.impl;

import com.sun.nio.file.ExtendedOpenOption;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.DefaultFileRegion;
import io.netty.channel.FileRegion;
import io.sagitta.storage.blob.BlobCorruptedException;
import io.sagitta.storage.blob.BlobInfo;
import io.sagitta.storage.blob.BlobKeys;
import io.sagitta.storage.blob.BlobNotFoundException;
import io.sagitta.storage.blob.BlobPage;
import io.sagitta.storage.blob.BlobRangeException;
import io.sagitta.storage.blob.BlobReadStream;
import io.sagitta.storage.blob.BlobStoreException;
import io.sagitta.storage.blob.BlobUpload;
import io.sagitta.storage.blob.FileBlobStore;
import io.sagitta.storage.blob.FileBlobStoreOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.internal.buffer.BufferInternal;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import java.util.function.IntFunction;
import java.util.zip.CRC32C;

/** See {@link FileBlobStore} for the layout and the crash-safety argument. */
public final class FileBlobStoreImpl implements FileBlobStore {

  static final String PART_SUFFIX = ".part";
  private static final System.Logger LOG = System.getLogger(FileBlobStoreImpl.class.getName());
  private static final int VERIFY_CHUNK = 256 * 1024;
  // Reads into a heap array go through a temporary direct buffer the JDK caches per thread at the
  // size of the read: reading in windows keeps that cache small on every worker.
  private static final int READ_WINDOW = 256 * 1024;

  private final Vertx vertx;
  private final FileBlobStoreOptions options;
  private final Path objects;
  private final Path tmp;
  final Blocking blocking;
  private final DirectorySyncs directorySyncs = new DirectorySyncs(FileBlobStoreImpl::fsyncDirectory);
  private final DirectoryNames listedDirectories = DirectoryNames.create();
  private final PageCacheLoader pageCache = new PageCacheLoader();
  // Set once at creation: how large blobs are staged for direct I/O, or null when they are not written that way.
  private volatile StagingBuffers directStaging;

  private FileBlobStoreImpl(Vertx vertx, FileBlobStoreOptions options) {
    this.vertx = vertx;
    this.options = options;
    Path root = options.getRoot().toAbsolutePath().normalize();
    this.objects = root.resolve("objects");
    this.tmp = root.resolve("tmp");
    this.blocking = new Blocking(vertx, options.getWorkerPoolName(), options.getWorkerPoolSize());
  }

  public static Future<FileBlobStore> create(Vertx vertx, FileBlobStoreOptions options) {
    if (options.getRoot() == null) {
      return Future.failedFuture(new IllegalArgumentException("FileBlobStoreOptions.root is required"));
    }
    FileBlobStoreImpl store = new FileBlobStoreImpl(vertx, options);
    return store.blocking.<FileBlobStore>run(() -> {
      Blocking.check("create directories");
      store.ensureDirectories(store.objects);
      store.ensureDirectories(store.tmp);
      if (options.isDirectWrites()) {
        store.directStaging = store.probeDirectWrites();
      }
      return store;
    }).recover(e -> store.blocking.close().transform(ar -> Future.failedFuture(
        new BlobStoreException("cannot use blob directory " + options.getRoot() + ": " + e, e))));
  }

  @Override
  public BlobUpload begin(String key) {
    return new FileUpload(this, BlobKeys.validate(key));
  }

  @Override
  public Future<BlobInfo> head(String key) {
    return withKey(key, path -> blocking.run(() -> {
      Blocking.check("head");
      if (Files.isDirectory(path)) {
        return null;
      }
      try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
        return info(key, readTrailer(key, ch));
      } catch (NoSuchFileException e) {
        return null;
      }
    })).recover(e -> failure("head", key, e));
  }

  @Override
  public Future<Boolean> exists(String key) {
    return head(key).map(info -> info != null);
  }

  @Override
  public Future<BlobReadStream> get(String key) {
    return read(key, 0, -1);
  }

  @Override
  public Future<BlobReadStream> get(String key, long offset, long length) {
    if (offset < 0 || length < 0) {
      return Future.failedFuture(new BlobRangeException(key, offset, length, -1));
    }
    return read(key, offset, length);
  }

  // length < 0: the whole blob. The file is opened first and everything (trailer, range) is read
  // through that one handle, so a concurrent commit (rename) cannot mix two blobs.
  private Future<BlobReadStream> read(String key, long offset, long length) {
    return withKey(key, path -> vertx.fileSystem()
        .open(path.toString(), new OpenOptions().setRead(true).setWrite(false).setCreate(false))
        .recover(e -> Future.failedFuture(isNoSuchFile(e) ? new BlobNotFoundException(key) : e))
        .compose(file -> readTrailer(key, file)
            .compose(info -> {
              long len = length < 0 ? info.size() : length;
              if (offset + len > info.size() || offset + len < 0) {
                return Future.failedFuture(new BlobRangeException(key, offset, len, info.size()));
              }
              if (len == 0) {
                file.close();
                return Future.succeededFuture(empty(info, offset));
              }
              file.setReadBufferSize(options.getReadBufferSize());
              return Future.<BlobReadStream>succeededFuture(new AsyncFileReadStream(file, info, offset, len));
            })
            .recover(e -> file.close().transform(ar -> Future.failedFuture(e))))
        .recover(e -> e instanceof BlobStoreException
            ? Future.failedFuture(e)
            // A key that names a directory (a prefix of other keys) is not a blob.
            : blocking.run(() -> Files.isDirectory(path)).transform(dir -> Future.failedFuture(
                dir.succeeded() && dir.result() ? new BlobNotFoundException(key) : e))))
        .recover(e -> failure("get", key, e));
  }

  @Override
  public Future<Buffer> readRanges(String key, List<long[]> ranges) {
    return read(key, ranges, Unpooled::buffer).map(BufferInternal::buffer);
  }

  // Pooled direct memory: the positional reads fill it without the JDK's temporary direct buffer,
  // and a socket write sends it without another copy.
  @Override
  public Future<ByteBuf> readRangesOwned(String key, List<long[]> ranges) {
    return read(key, ranges, total -> ByteBufAllocator.DEFAULT.directBuffer(total, total));
  }

  // One worker task: open, trailer, every range by positional reads into a buffer from
  // `allocate`, close. The handle pins the file, so a concurrent commit (rename) cannot mix two
  // blobs. The buffer is released here unless it is answered.
  private Future<ByteBuf> read(String key, List<long[]> ranges, IntFunction<ByteBuf> allocate) {
    return ByteRanges.readChecked(key, ranges, total -> withKey(key, path -> blocking.run(() -> {
      Blocking.check("read ranges");
      OpenBlob blob = open(key, path);
      try (FileChannel ch = blob.channel()) {
        ByteRanges.checkWithin(key, ranges, blob.trailer().size);
        ByteBuf into = allocate.apply(total);
        try {
          into.ensureWritable(total);
          for (long[] r : ranges) {
            readFully(key, ch, blob.trailer().size, r[0], into, (int) r[1]);
          }
          return into;
        } catch (IOException | RuntimeException e) {
          into.release();
          throw e;
        }
      }
    })).recover(e -> failure("read", key, e)));
  }

  // One worker task: open, trailer, range check, the range into the page cache. The region holds the handle, which
  // pins the file as for a read, and closes it when released.
  @Override
  public Future<FileRegion> fileRegion(String key, long offset, long length) {
    List<long[]> range = List.<long[]>of(new long[] {offset, length});
    if (offset < 0 || length < 0 || offset + length < 0) {
      return Future.failedFuture(new BlobRangeException(key, offset, length, -1));
    }
    return withKey(key, path -> blocking.run(() -> {
      Blocking.check("file region");
      OpenBlob blob = open(key, path);
      try {
        ByteRanges.checkWithin(key, range, blob.trailer().size);
        pageCache.load(blob.channel(), offset, length);
        return (FileRegion) new DefaultFileRegion(blob.channel(), offset, length);
      } catch (IOException | RuntimeException e) {
        blob.channel().close();
        throw e;
      }
    })).recover(e -> failure("file region", key, e));
  }

  private record OpenBlob(FileChannel channel, Trailer trailer) {}

  // The blob's file, open for reading, and its trailer (blocking; the caller closes the channel). A key that names a
  // directory (a prefix of other keys) is not a blob; asked only on failure, so a good open costs no extra system call.
  private static OpenBlob open(String key, Path path) throws IOException {
    FileChannel ch;
    try {
      ch = FileChannel.open(path, StandardOpenOption.READ);
    } catch (NoSuchFileException e) {
      throw new BlobNotFoundException(key);
    }
    try {
      return new OpenBlob(ch, readTrailer(key, ch));
    } catch (IOException | RuntimeException e) {
      ch.close();
      if (Files.isDirectory(path)) {
        throw new BlobNotFoundException(key);
      }
      throw e;
    }
  }

  // Appends `length` bytes from `position` to `into`, in windows (for a heap buffer, the JDK reads
  // through a temporary direct buffer of the window's size).
  private static void readFully(String key, FileChannel ch, long size, long position, ByteBuf into, int length)
      throws IOException {
    int done = 0;
    while (done < length) {
      int at = into.writerIndex();
      ByteBuffer window = into.nioBuffer(at, Math.min(READ_WINDOW, length - done));
      int n = ch.read(window, position + done);
      if (n < 0) {
        throw new BlobCorruptedException(key, "file ends at " + (position + done) + " of " + size + " bytes");
      }
      into.writerIndex(at + n);
      done += n;
    }
  }

  private BlobReadStream empty(BlobInfo info, long offset) {
    return new WorkerReadStream(vertx, blocking, new WorkerReadStream.Source() {
      @Override
      public Buffer read() {
        return null;
      }

      @Override
      public void close() {}
    }, info, offset, 0);
  }

  private Future<BlobInfo> readTrailer(String key, AsyncFile file) {
    return file.size().compose(fileLength -> {
      if (fileLength < Trailer.LENGTH) {
        return Future.failedFuture(new BlobCorruptedException(key,
            "file of " + fileLength + " bytes is too short to hold its trailer"));
      }
      return file.read(Buffer.buffer(Trailer.LENGTH), 0, fileLength - Trailer.LENGTH, Trailer.LENGTH)
          .compose(buf -> {
            try {
              return Future.succeededFuture(info(key,
                  Trailer.decode(ByteBuffer.wrap(buf.getBytes()), fileLength)));
            } catch (Trailer.TrailerException e) {
              return Future.failedFuture(new BlobCorruptedException(key, e.getMessage()));
            }
          });
    });
  }

  @Override
  public Future<Boolean> delete(String key) {
    return withKey(key, path -> blocking.run(() -> {
      Blocking.check("delete");
      if (Files.isDirectory(path) || !Files.deleteIfExists(path)) {
        return false;
      }
      directorySyncs.sync(path.getParent());
      return true;
    })).recover(e -> failure("delete", key, e));
  }

  @Override
  public Future<BlobInfo> verify(String key) {
    return withKey(key, path -> blocking.run(() -> {
      Blocking.check("verify");
      if (Files.isDirectory(path)) {
        throw new BlobNotFoundException(key);
      }
      try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
        Trailer trailer = readTrailer(key, ch);
        CRC32C crc = new CRC32C();
        ByteBuffer buf = ByteBuffer.allocate(VERIFY_CHUNK);
        long position = 0;
        while (position < trailer.size) {
          buf.clear().limit((int) Math.min(VERIFY_CHUNK, trailer.size - position));
          int n = ch.read(buf, position);
          if (n < 0) {
            throw new BlobCorruptedException(key, "file ends at " + position + " of " + trailer.size + " bytes");
          }
          position += n;
          crc.update(buf.flip());
        }
        String actual = Checksums.hex(crc.getValue());
        if (!actual.equals(trailer.checksum())) {
          throw new BlobCorruptedException(key, "CRC32C recorded at commit is " + trailer.checksum()
              + " but the stored bytes give " + actual);
        }
        return info(key, trailer);
      } catch (NoSuchFileException e) {
        throw new BlobNotFoundException(key);
      }
    })).recover(e -> failure("verify", key, e));
  }

  @Override
  public Future<BlobPage> list(String startAfter, int limit) {
    if (limit < 1) {
      return Future.failedFuture(new IllegalArgumentException("limit must be positive: " + limit));
    }
    return blocking.run(() -> {
      Blocking.check("list");
      return FileListing.page(objects, listedDirectories, startAfter, limit);
    }).recover(e -> Future.failedFuture(new BlobStoreException("listing " + objects + " failed: " + e, e)));
  }

  @Override
  public Future<Integer> sweepTemporary(Duration olderThan) {
    return blocking.run(() -> {
      Blocking.check("sweep");
      Instant cutoff = Instant.now().minus(olderThan);
      int removed = 0;
      try (DirectoryStream<Path> parts = Files.newDirectoryStream(tmp, "*" + PART_SUFFIX)) {
        for (Path part : parts) {
          try {
            if (Files.getLastModifiedTime(part).toInstant().isBefore(cutoff) && Files.deleteIfExists(part)) {
              removed++;
            }
          } catch (NoSuchFileException e) {
            // finished or swept concurrently
          }
        }
      }
      return removed;
    }).recover(e -> Future.failedFuture(new BlobStoreException("sweeping " + tmp + " failed: " + e, e)));
  }

  @Override
  public Future<Void> close() {
    return blocking.close().andThen(ar -> {
      try {
        pageCache.close();
      } catch (IOException e) {
        LOG.log(System.Logger.Level.DEBUG, "closing /dev/null: " + e);
      }
    });
  }

  // ---- used by FileUpload (blocking, on the worker pool) ----

  Path newTemporary() {
    return tmp.resolve(UUID.randomUUID() + PART_SUFFIX);
  }

  /** The staging buffers for direct writes, or null when uploads go through the page cache only. */
  StagingBuffers directStaging() {
    return directStaging;
  }

  /**
   * Writes and deletes a small file in {@code tmp/} with direct I/O: staging buffers if that works, null if the
   * file system refuses it (some do, e.g. older tmpfs), so that uploads then go through the page cache.
   */
  private StagingBuffers probeDirectWrites() {
    Blocking.check("probe direct I/O");
    Path probe = newTemporary();
    try {
      int block = Math.toIntExact(Files.getFileStore(tmp).getBlockSize());
      StagingBuffers staging = new StagingBuffers(block, options.getWorkerPoolSize());
      try (FileChannel ch = FileChannel.open(probe, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
          ExtendedOpenOption.DIRECT)) {
        DirectFileWriter writer = new DirectFileWriter(ch, staging);
        writer.finish(new ByteBuffer[] {ByteBuffer.wrap(new byte[] {1})});
      }
      return staging;
    } catch (IOException | RuntimeException e) {
      LOG.log(System.Logger.Level.INFO, "blob store " + tmp.getParent() + ": no direct I/O on this file system ("
          + e + "); large blobs are written through the page cache");
      return null;
    } finally {
      try {
        Files.deleteIfExists(probe);
      } catch (IOException ignored) {
        // a stray .part file in tmp/ is swept like any other
      }
    }
  }

  Path objectPath(String key) {
    return objects.resolve(key);
  }

  /** Moves a complete, fsynced temporary file over the key's file and makes the move durable. */
  void publish(String key, Path part, Path target) throws IOException {
    Blocking.check("publish");
    try {
      ensureDirectories(target.getParent());
      Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (FileAlreadyExistsException | NotDirectoryException e) {
      throw new BlobStoreException("cannot commit '" + key
          + "': a prefix of the key is already a blob, or the key is a prefix of other keys", e);
    } catch (IOException e) {
      if (Files.isDirectory(target)) {
        throw new BlobStoreException("cannot commit '" + key + "': the key is a prefix of other keys", e);
      }
      throw e;
    }
    directorySyncs.sync(target.getParent());
  }

  /** Creates missing directories and fsyncs the parent of each one created, top down. */
  void ensureDirectories(Path dir) throws IOException {
    Blocking.check("mkdirs");
    Deque<Path> missing = new ArrayDeque<>();
    for (Path d = dir; d != null && !Files.isDirectory(d); d = d.getParent()) {
      missing.push(d);
    }
    if (missing.isEmpty()) {
      return;
    }
    Files.createDirectories(dir);
    for (Path created : missing) {
      if (created.getParent() != null) {
        fsyncDirectory(created.getParent());
      }
    }
  }

  static void fsyncDirectory(Path dir) throws IOException {
    Blocking.check("fsync directory");
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }

  // ---- helpers ----

  private static Trailer readTrailer(String key, FileChannel ch) throws IOException {
    long fileLength = ch.size();
    ByteBuffer buf = ByteBuffer.allocate(Trailer.LENGTH);
    if (fileLength >= Trailer.LENGTH) {
      long pos = fileLength - Trailer.LENGTH;
      while (buf.hasRemaining() && ch.read(buf, pos + buf.position()) >= 0) {
        // keep reading
      }
    }
    try {
      return Trailer.decode(buf.flip(), fileLength);
    } catch (Trailer.TrailerException e) {
      throw new BlobCorruptedException(key, e.getMessage());
    }
  }

  private static BlobInfo info(String key, Trailer trailer) {
    return new BlobInfo(key, trailer.size, trailer.checksum());
  }

  private interface KeyOperation<T> {
    Future<T> apply(Path path);
  }

  private <T> Future<T> withKey(String key, KeyOperation<T> operation) {
    try {
      BlobKeys.validate(key);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    return operation.apply(objectPath(key));
  }

  private static boolean isNoSuchFile(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof NoSuchFileException) {
        return true;
      }
    }
    return false;
  }

  /** Lets the store's own exceptions through; wraps anything else with the operation and key. */
  static <T> Future<T> failure(String operation, String key, Throwable e) {
    if (e instanceof BlobStoreException || e instanceof IllegalArgumentException
        || e instanceof IllegalStateException) {
      return Future.failedFuture(e);
    }
    return Future.failedFuture(new BlobStoreException(
        "filesystem blob store: " + operation + " '" + key + "' failed: " + e, e));
  }
}
