package io.sagitta.storage.blob;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/** Picks and creates the archive's blob store from configuration. */
public final class BlobStores {

  private BlobStores() {}

  /**
   * S3 when {@code SAGITTA_S3_BUCKET} is set (see {@link S3BlobStoreOptions#fromEnvironment}),
   * otherwise the filesystem under {@code dataDir/blobs}.
   *
   * @throws IllegalArgumentException naming the variable when a value is missing or malformed
   *     (thrown at once, before any I/O)
   */
  public static Future<BlobStore> fromEnvironment(Vertx vertx, Map<String, String> env, Path dataDir) {
    Objects.requireNonNull(env, "env");
    String bucket = env.get(S3BlobStoreOptions.ENV_BUCKET);
    if (bucket != null && !bucket.isBlank()) {
      S3BlobStoreOptions options = S3BlobStoreOptions.fromEnvironment(env);
      return S3BlobStore.create(vertx, options).map(s -> s);
    }
    Objects.requireNonNull(dataDir, "dataDir");
    return FileBlobStore.create(vertx, new FileBlobStoreOptions().setRoot(dataDir.resolve("blobs")))
        .map(s -> s);
  }
}
