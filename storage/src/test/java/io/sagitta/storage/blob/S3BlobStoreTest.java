package io.sagitta.storage.blob;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract against a real S3 server: S3Proxy in-process, filesystem backend, port 0. */
public class S3BlobStoreTest extends BlobStoreContract {

  static final String ACCESS_KEY = "sagitta-access";
  static final String SECRET_KEY = "sagitta-secret-key";
  static final String BUCKET = "sagitta-test";

  @TempDir
  static Path dir;

  private S3Proxy proxy;
  private String endpoint;
  private MinioClient minio;

  /** S3Proxy on a free port with a filesystem backend under {@code basedir}; also used by the sweeper tests. */
  public static S3Proxy startProxy(Path basedir) throws Exception {
    java.nio.file.Files.createDirectories(basedir);
    Properties properties = new Properties();
    properties.setProperty("jclouds.filesystem.basedir", basedir.toString());
    properties.setProperty("jclouds.identity", ACCESS_KEY);
    properties.setProperty("jclouds.credential", SECRET_KEY);
    S3Proxy proxy = S3Proxy.builder()
        .blobStore(BlobStores.create("filesystem", properties))
        .endpoint(URI.create("http://127.0.0.1:0"))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
        .ignoreUnknownHeaders(true)
        .build();
    proxy.start();
    for (int i = 0; i < 500 && !"STARTED".equals(proxy.getState()); i++) {
      Thread.sleep(10);
    }
    assertEquals("STARTED", proxy.getState());
    return proxy;
  }

  public static S3BlobStoreOptions options(String endpoint) {
    return new S3BlobStoreOptions()
        .setEndpoint(endpoint)
        .setBucket(BUCKET)
        .setAccessKey(ACCESS_KEY)
        .setSecretKey(SECRET_KEY)
        .setPartSize(S3BlobStoreOptions.MIN_PART_SIZE)
        .setWorkerPoolSize(8);
  }

  @Override
  protected void startBackend() throws Exception {
    proxy = startProxy(dir.resolve("s3"));
    endpoint = "http://127.0.0.1:" + proxy.getPort();
    minio = MinioClient.builder().endpoint(endpoint).credentials(ACCESS_KEY, SECRET_KEY).build();
  }

  @Override
  protected void stopBackend() throws Exception {
    if (minio != null) {
      minio.close();
    }
    if (proxy != null) {
      proxy.stop();
    }
  }

  @Override
  protected Future<? extends BlobStore> createStore() {
    return S3BlobStore.create(vertx, options(endpoint));
  }

  @Override
  protected void corrupt(String key) throws Exception {
    StatObjectResponse stat = minio.statObject(StatObjectArgs.builder().bucket(BUCKET).object(key).build());
    byte[] data;
    try (InputStream in = minio.getObject(GetObjectArgs.builder().bucket(BUCKET).object(key).build())) {
      data = in.readAllBytes();
    }
    data[1234] ^= 0x10;
    Map<String, String> metadata = new HashMap<>();
    stat.userMetadata().forEach(e -> metadata.put(e.getKey(), e.getValue()));
    assertTrue(metadata.keySet().stream().anyMatch(k -> k.toLowerCase().contains("crc32c")), metadata.toString());
    minio.putObject(PutObjectArgs.builder().bucket(BUCKET).object(key).data(data, data.length)
        .userMetadata(metadata).build());
  }

  @Test
  void recordsTheChecksumAsUserMetadata() throws Exception {
    String key = key();
    byte[] single = random(1000, 30);
    byte[] multi = random(11 * MiB, 31);
    BlobInfo one = await(() -> store.put(key, Buffer.buffer(single)));
    BlobInfo two = await(() -> upload(key + "-multi", multi, new Random(32), 100_000, 300_000));
    for (BlobInfo info : new BlobInfo[] {one, two}) {
      StatObjectResponse stat = minio.statObject(StatObjectArgs.builder().bucket(BUCKET).object(info.key()).build());
      Map<String, String> metadata = new HashMap<>();
      stat.userMetadata().forEach(e -> metadata.put(e.getKey().toLowerCase(), e.getValue()));
      assertEquals(info.checksum(), metadata.get("sagitta-crc32c"), metadata.toString());
      assertEquals(Long.toString(info.size()), metadata.get("sagitta-size"), metadata.toString());
    }
  }

  @Test
  void hasNoFileRegionsToSend() throws Exception {
    String key = key();
    await(() -> store.put(key, Buffer.buffer("bytes")));
    assertNull(await(() -> store.fileRegion(key, 0, 5)), "a bucket has no files: the caller reads instead");
  }

  @Test
  void anOutageFailsClearlyInsteadOfHanging() throws Exception {
    Path basedir = dir.resolve("flaky");
    S3Proxy[] flaky = {startProxy(basedir)};
    S3BlobStore flakyStore = await(() -> S3BlobStore.create(vertx,
        options("http://127.0.0.1:" + flaky[0].getPort())
            .setWorkerPoolName("sagitta-blob-s3-flaky")
            .setRequestTimeout(Duration.ofSeconds(2))
            .setMaxRetries(0)));
    try {
      String key = key();
      BlobInfo before = await(() -> flakyStore.put(key, Buffer.buffer("acknowledged")));
      // An upload past one part (multipart started), then S3 goes away mid-upload.
      BlobUpload upload = flakyStore.begin(key());
      byte[] data = random(6 * MiB, 33);
      await(() -> writeChunks(upload, data, new Random(34), MiB, MiB));
      flaky[0].stop();

      Throwable write = awaitFailure(() -> writeChunks(upload, data, new Random(35), MiB, MiB)
          .compose(v -> upload.commit()));
      assertInstanceOf(BlobStoreException.class, write, String.valueOf(write));
      assertTrue(write.getMessage().contains("S3"), write.getMessage());
      Throwable head = awaitFailure(() -> flakyStore.head(key));
      assertInstanceOf(BlobStoreException.class, head);
      assertTrue(head.getMessage().contains("127.0.0.1"), head.getMessage());
      assertInstanceOf(BlobStoreException.class, awaitFailure(() -> flakyStore.put(key(), Buffer.buffer("x"))));
      assertInstanceOf(BlobStoreException.class, awaitFailure(() -> flakyStore.get(key)));
      await(() -> upload.abort()); // clean-up does not hang either

      // What was acknowledged before the outage is still there once S3 is back.
      flaky[0] = startProxy(basedir);
      S3BlobStore again = await(() -> S3BlobStore.create(vertx,
          options("http://127.0.0.1:" + flaky[0].getPort()).setWorkerPoolName("sagitta-blob-s3-again")));
      try {
        assertEquals(before, await(() -> again.verify(key)));
      } finally {
        await(() -> again.close());
      }
    } finally {
      await(() -> flakyStore.close());
      flaky[0].stop();
    }
  }

  @Test
  void aMissingBucketIsCreatedOnlyWhenAllowed() throws Exception {
    BlobStoreException e = assertInstanceOf(BlobStoreException.class, awaitFailure(() ->
        S3BlobStore.create(vertx, options(endpoint).setBucket("not-there").setCreateBucket(false))));
    assertTrue(e.getMessage().contains("not-there"), e.getMessage());
    S3BlobStore created = await(() -> S3BlobStore.create(vertx,
        options(endpoint).setBucket("made-at-start").setWorkerPoolName("sagitta-blob-s3-made")));
    try {
      await(() -> created.put("k", Buffer.buffer("v")));
      assertEquals(1, await(() -> created.head("k")).size());
    } finally {
      await(() -> created.close());
    }
  }

  @Test
  void fromEnvironmentWithABucketUsesS3() throws Exception {
    Map<String, String> env = Map.of(
        S3BlobStoreOptions.ENV_ENDPOINT, endpoint,
        S3BlobStoreOptions.ENV_BUCKET, "from-env",
        S3BlobStoreOptions.ENV_ACCESS_KEY, ACCESS_KEY,
        S3BlobStoreOptions.ENV_SECRET_KEY, SECRET_KEY,
        S3BlobStoreOptions.ENV_REGION, "us-east-1");
    BlobStore fromEnv = await(() -> io.sagitta.storage.blob.BlobStores.fromEnvironment(vertx, env, dir));
    try {
      assertInstanceOf(S3BlobStore.class, fromEnv);
      await(() -> fromEnv.put("a/b", Buffer.buffer("c")));
      assertTrue(await(() -> fromEnv.exists("a/b")));
    } finally {
      await(() -> fromEnv.close());
    }
  }

  @Test
  void badEnvironmentNamesTheVariable() {
    Map<String, String> base = Map.of(
        S3BlobStoreOptions.ENV_BUCKET, "ok-bucket",
        S3BlobStoreOptions.ENV_ACCESS_KEY, "a",
        S3BlobStoreOptions.ENV_SECRET_KEY, "s");
    assertNamed(S3BlobStoreOptions.ENV_ACCESS_KEY, without(base, S3BlobStoreOptions.ENV_ACCESS_KEY));
    assertNamed(S3BlobStoreOptions.ENV_SECRET_KEY, without(base, S3BlobStoreOptions.ENV_SECRET_KEY));
    assertNamed(S3BlobStoreOptions.ENV_BUCKET, with(base, S3BlobStoreOptions.ENV_BUCKET, "Bad_Bucket"));
    assertNamed(S3BlobStoreOptions.ENV_ENDPOINT, with(base, S3BlobStoreOptions.ENV_ENDPOINT, "ftp://x"));
    assertNamed(S3BlobStoreOptions.ENV_ENDPOINT, with(base, S3BlobStoreOptions.ENV_ENDPOINT, "not a url"));
    assertNamed(S3BlobStoreOptions.ENV_PART_SIZE, with(base, S3BlobStoreOptions.ENV_PART_SIZE, "1KiB"));
    assertNamed(S3BlobStoreOptions.ENV_PART_SIZE, with(base, S3BlobStoreOptions.ENV_PART_SIZE, "lots"));
    assertNamed(S3BlobStoreOptions.ENV_PATH_STYLE, with(base, S3BlobStoreOptions.ENV_PATH_STYLE, "maybe"));

    S3BlobStoreOptions ok = S3BlobStoreOptions.fromEnvironment(with(base, S3BlobStoreOptions.ENV_PART_SIZE, "16MiB"));
    assertEquals(16 * MiB, ok.getPartSize());
    assertEquals(S3BlobStoreOptions.DEFAULT_ENDPOINT, ok.getEndpoint());
    assertEquals("us-east-1", ok.getRegion());
    assertTrue(ok.isPathStyle());
  }

  private static void assertNamed(String variable, Map<String, String> env) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> io.sagitta.storage.blob.BlobStores.fromEnvironment(null, env, Path.of("unused")));
    assertTrue(e.getMessage().contains(variable), e.getMessage());
  }

  private static Map<String, String> with(Map<String, String> base, String name, String value) {
    Map<String, String> m = new HashMap<>(base);
    m.put(name, value);
    return m;
  }

  private static Map<String, String> without(Map<String, String> base, String name) {
    Map<String, String> m = new HashMap<>(base);
    m.remove(name);
    return m;
  }
}
