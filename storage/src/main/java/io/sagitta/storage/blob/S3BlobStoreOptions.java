package io.sagitta.storage.blob;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Configuration of an {@link S3BlobStore}. {@link #fromEnvironment} fills it from the
 * {@code SAGITTA_S3_*} variables.
 */
public class S3BlobStoreOptions {

  public static final String ENV_ENDPOINT = "SAGITTA_S3_ENDPOINT";
  public static final String ENV_BUCKET = "SAGITTA_S3_BUCKET";
  public static final String ENV_ACCESS_KEY = "SAGITTA_S3_ACCESS_KEY";
  public static final String ENV_SECRET_KEY = "SAGITTA_S3_SECRET_KEY";
  public static final String ENV_REGION = "SAGITTA_S3_REGION";
  /** Optional: {@code true} (default) for path-style addressing, {@code false} for virtual hosts. */
  public static final String ENV_PATH_STYLE = "SAGITTA_S3_PATH_STYLE";
  /** Optional: part size in bytes, or with a {@code KiB}/{@code MiB} suffix. */
  public static final String ENV_PART_SIZE = "SAGITTA_S3_PART_SIZE";
  /** Optional: {@code true} (default) to create the bucket at start when it is missing. */
  public static final String ENV_CREATE_BUCKET = "SAGITTA_S3_CREATE_BUCKET";

  public static final String DEFAULT_ENDPOINT = "https://s3.amazonaws.com";
  public static final String DEFAULT_REGION = "us-east-1";
  /** S3's smallest allowed part (except the last). */
  public static final int MIN_PART_SIZE = 5 * 1024 * 1024;
  /** Parts are held in one array, so at most 1 GiB. */
  public static final int MAX_PART_SIZE = 1024 * 1024 * 1024;
  public static final int DEFAULT_PART_SIZE = 8 * 1024 * 1024;
  public static final int DEFAULT_WORKER_POOL_SIZE = 16;
  public static final String DEFAULT_WORKER_POOL_NAME = "sagitta-blob-s3";
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(60);
  public static final int DEFAULT_READ_BUFFER_SIZE = 64 * 1024;

  // S3 bucket naming rules, simplified: 3-63 of lower-case letters, digits, dots and hyphens,
  // starting and ending with a letter or digit.
  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

  private String endpoint = DEFAULT_ENDPOINT;
  private String region = DEFAULT_REGION;
  private String bucket;
  private String accessKey;
  private String secretKey;
  private boolean pathStyle = true;
  private int partSize = DEFAULT_PART_SIZE;
  private boolean createBucket = true;
  private int workerPoolSize = DEFAULT_WORKER_POOL_SIZE;
  private String workerPoolName = DEFAULT_WORKER_POOL_NAME;
  private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
  private int maxRetries = 2;
  private int readBufferSize = DEFAULT_READ_BUFFER_SIZE;

  public S3BlobStoreOptions() {}

  public S3BlobStoreOptions(S3BlobStoreOptions other) {
    this.endpoint = other.endpoint;
    this.region = other.region;
    this.bucket = other.bucket;
    this.accessKey = other.accessKey;
    this.secretKey = other.secretKey;
    this.pathStyle = other.pathStyle;
    this.partSize = other.partSize;
    this.createBucket = other.createBucket;
    this.workerPoolSize = other.workerPoolSize;
    this.workerPoolName = other.workerPoolName;
    this.requestTimeout = other.requestTimeout;
    this.maxRetries = other.maxRetries;
    this.readBufferSize = other.readBufferSize;
  }

  /**
   * Reads the {@code SAGITTA_S3_*} variables. The bucket, access key and secret key are required;
   * the endpoint defaults to AWS, the region to {@value #DEFAULT_REGION}.
   *
   * @throws IllegalArgumentException naming the variable that is missing or malformed
   */
  public static S3BlobStoreOptions fromEnvironment(Map<String, String> env) {
    S3BlobStoreOptions options = new S3BlobStoreOptions();
    String endpoint = value(env, ENV_ENDPOINT);
    if (endpoint != null) {
      options.setEndpoint(checked(ENV_ENDPOINT, endpoint, S3BlobStoreOptions::checkEndpoint));
    }
    options.setBucket(checked(ENV_BUCKET, required(env, ENV_BUCKET), S3BlobStoreOptions::checkBucket));
    options.setAccessKey(required(env, ENV_ACCESS_KEY));
    options.setSecretKey(required(env, ENV_SECRET_KEY));
    String region = value(env, ENV_REGION);
    if (region != null) {
      options.setRegion(region);
    }
    String pathStyle = value(env, ENV_PATH_STYLE);
    if (pathStyle != null) {
      options.setPathStyle(bool(ENV_PATH_STYLE, pathStyle));
    }
    String createBucket = value(env, ENV_CREATE_BUCKET);
    if (createBucket != null) {
      options.setCreateBucket(bool(ENV_CREATE_BUCKET, createBucket));
    }
    String partSize = value(env, ENV_PART_SIZE);
    if (partSize != null) {
      int size = checked(ENV_PART_SIZE, partSize, S3BlobStoreOptions::parseSize);
      checked(ENV_PART_SIZE, partSize, s -> options.setPartSize(size));
    }
    return options;
  }

  private interface Check<T> {
    T apply(String value);
  }

  private static <T> T checked(String variable, String value, Check<T> check) {
    try {
      return check.apply(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(variable + ": " + e.getMessage(), e);
    }
  }

  private static String value(Map<String, String> env, String name) {
    String v = env.get(name);
    return v == null || v.isBlank() ? null : v.trim();
  }

  private static String required(Map<String, String> env, String name) {
    String v = value(env, name);
    if (v == null) {
      throw new IllegalArgumentException(name + " is required when " + ENV_BUCKET + " is set");
    }
    return v;
  }

  private static boolean bool(String name, String value) {
    switch (value.toLowerCase(Locale.ROOT)) {
      case "true":
      case "yes":
      case "1":
        return true;
      case "false":
      case "no":
      case "0":
        return false;
      default:
        throw new IllegalArgumentException(name + ": expected true or false, got '" + value + "'");
    }
  }

  private static int parseSize(String value) {
    String v = value.trim();
    long unit = 1;
    String lower = v.toLowerCase(Locale.ROOT);
    if (lower.endsWith("mib")) {
      unit = 1024 * 1024;
      v = v.substring(0, v.length() - 3).trim();
    } else if (lower.endsWith("kib")) {
      unit = 1024;
      v = v.substring(0, v.length() - 3).trim();
    }
    try {
      long size = Long.parseLong(v) * unit;
      if (size > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("size too large: '" + value + "'");
      }
      return (int) size;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("expected a size in bytes (or with KiB/MiB), got '" + value + "'");
    }
  }

  private static String checkEndpoint(String endpoint) {
    try {
      URI uri = new URI(endpoint);
      String scheme = uri.getScheme();
      if (scheme == null || !(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
        throw new IllegalArgumentException("expected an http:// or https:// URL, got '" + endpoint + "'");
      }
      return endpoint;
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a URL: '" + endpoint + "'");
    }
  }

  private static String checkBucket(String bucket) {
    if (!BUCKET.matcher(bucket).matches() || bucket.contains("..")) {
      throw new IllegalArgumentException("'" + bucket + "' is not a valid bucket name "
          + "(3-63 characters: lower-case letters, digits, '.' and '-', starting and ending with a letter or digit)");
    }
    return bucket;
  }

  /** Checks that the required values are present and consistent; throws naming the problem. */
  public S3BlobStoreOptions validate() {
    checkEndpoint(Objects.requireNonNull(endpoint, "endpoint"));
    checkBucket(Objects.requireNonNull(bucket, "bucket"));
    Objects.requireNonNull(accessKey, "accessKey");
    Objects.requireNonNull(secretKey, "secretKey");
    Objects.requireNonNull(region, "region");
    return this;
  }

  /** The S3 endpoint URL, e.g. {@code http://127.0.0.1:9000} for MinIO. */
  public String getEndpoint() {
    return endpoint;
  }

  public S3BlobStoreOptions setEndpoint(String endpoint) {
    this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    return this;
  }

  public String getRegion() {
    return region;
  }

  public S3BlobStoreOptions setRegion(String region) {
    this.region = Objects.requireNonNull(region, "region");
    return this;
  }

  public String getBucket() {
    return bucket;
  }

  public S3BlobStoreOptions setBucket(String bucket) {
    this.bucket = Objects.requireNonNull(bucket, "bucket");
    return this;
  }

  public String getAccessKey() {
    return accessKey;
  }

  public S3BlobStoreOptions setAccessKey(String accessKey) {
    this.accessKey = Objects.requireNonNull(accessKey, "accessKey");
    return this;
  }

  public String getSecretKey() {
    return secretKey;
  }

  public S3BlobStoreOptions setSecretKey(String secretKey) {
    this.secretKey = Objects.requireNonNull(secretKey, "secretKey");
    return this;
  }

  /** Path-style addressing ({@code endpoint/bucket/key}), as MinIO and S3Proxy want. Default on. */
  public boolean isPathStyle() {
    return pathStyle;
  }

  public S3BlobStoreOptions setPathStyle(boolean pathStyle) {
    this.pathStyle = pathStyle;
    return this;
  }

  /**
   * Objects up to this size go up in one PUT; larger ones as a multipart upload with parts of
   * this size. One part per upload is held in memory. Between 5 MiB and 1 GiB; default 8 MiB.
   */
  public int getPartSize() {
    return partSize;
  }

  public S3BlobStoreOptions setPartSize(int partSize) {
    if (partSize < MIN_PART_SIZE || partSize > MAX_PART_SIZE) {
      throw new IllegalArgumentException("part size must be between " + MIN_PART_SIZE + " and "
          + MAX_PART_SIZE + " bytes, was " + partSize);
    }
    this.partSize = partSize;
    return this;
  }

  /** Create the bucket at start when it does not exist (otherwise start fails). Default on. */
  public boolean isCreateBucket() {
    return createBucket;
  }

  public S3BlobStoreOptions setCreateBucket(boolean createBucket) {
    this.createBucket = createBucket;
    return this;
  }

  /** Threads for the SDK's blocking calls; bounds the number of concurrent S3 requests. */
  public int getWorkerPoolSize() {
    return workerPoolSize;
  }

  public S3BlobStoreOptions setWorkerPoolSize(int workerPoolSize) {
    if (workerPoolSize < 1) {
      throw new IllegalArgumentException("workerPoolSize must be at least 1, was " + workerPoolSize);
    }
    this.workerPoolSize = workerPoolSize;
    return this;
  }

  public String getWorkerPoolName() {
    return workerPoolName;
  }

  public S3BlobStoreOptions setWorkerPoolName(String workerPoolName) {
    this.workerPoolName = Objects.requireNonNull(workerPoolName, "workerPoolName");
    return this;
  }

  /**
   * Upper bound for one S3 request (connect, send, receive); when S3 is unreachable or stalls,
   * operations fail after about this long (times the retries) instead of hanging. Default 60 s.
   */
  public Duration getRequestTimeout() {
    return requestTimeout;
  }

  public S3BlobStoreOptions setRequestTimeout(Duration requestTimeout) {
    if (requestTimeout.isNegative() || requestTimeout.isZero()) {
      throw new IllegalArgumentException("requestTimeout must be positive, was " + requestTimeout);
    }
    this.requestTimeout = requestTimeout;
    return this;
  }

  /** Retries of a failed request by the SDK (server errors and throttling). Default 2. */
  public int getMaxRetries() {
    return maxRetries;
  }

  public S3BlobStoreOptions setMaxRetries(int maxRetries) {
    if (maxRetries < 0) {
      throw new IllegalArgumentException("maxRetries must not be negative, was " + maxRetries);
    }
    this.maxRetries = maxRetries;
    return this;
  }

  /** Size of the chunks a read stream delivers. */
  public int getReadBufferSize() {
    return readBufferSize;
  }

  public S3BlobStoreOptions setReadBufferSize(int readBufferSize) {
    if (readBufferSize < 512) {
      throw new IllegalArgumentException("readBufferSize must be at least 512, was " + readBufferSize);
    }
    this.readBufferSize = readBufferSize;
    return this;
  }
}
