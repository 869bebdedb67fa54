package io.sagitta.server.config;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Every configuration key of Sagitta, in the order {@code ops/sagitta.yaml} documents them. A key
 * that is not listed here does not exist: the loader refuses unknown keys so that a typo is not
 * silently ignored.
 */
public final class ConfigKeys {

    private static final Map<String, ConfigKey<?>> ALL = new LinkedHashMap<>();

    public static final ConfigKey<Path> DATA_DIR = key("data_dir", "./sagitta-data", Path::of,
        "Where the embedded database and the filesystem blob store keep their data.");
    public static final ConfigKey<String> BIND = key("bind", "127.0.0.1", ConfigKeys::host,
        "Address the DICOM and HTTP listeners bind to. Without authentication, keep 127.0.0.1.");
    public static final ConfigKey<String> AE_TITLE = key("ae_title", "SAGITTA", ConfigKeys::aeTitle,
        "The archive's own application entity title.");
    public static final ConfigKey<Integer> DICOM_PORT = key("dicom.port", "11112", ConfigKeys::port,
        "TCP port of the DIMSE listener (0 picks a free one).");
    public static final ConfigKey<Map<String, PeerAddress>> DICOM_PEERS = key("dicom.peers", "", ConfigKeys::peers,
        "C-MOVE destinations: AE=host:port pairs separated by commas.");
    public static final ConfigKey<Integer> DICOM_MAX_ASSOCIATIONS = key("dicom.max_associations", "200",
        text -> intIn(text, 1, 100_000), "Associations served at once; more are rejected (transient, local limit).");
    public static final ConfigKey<Integer> DICOM_MAX_PDU_LENGTH = key("dicom.max_pdu_length", "262144",
        text -> intIn(text, 4096, 16 * 1024 * 1024), "Largest PDU the archive accepts and advertises, in bytes.");
    public static final ConfigKey<Integer> DICOM_IDLE_TIMEOUT = key("dicom.idle_timeout", "300",
        text -> intIn(text, 1, 86_400), "Seconds an association may stay silent before it is aborted.");
    public static final ConfigKey<Integer> HTTP_PORT = key("http.port", "8080", ConfigKeys::port,
        "TCP port of the HTTP listener (DICOMweb under /dicom-web, health, metrics; 0 picks a free one).");
    public static final ConfigKey<String> HTTP_BASE_URL = key("http.base_url", null, ConfigKeys::httpUrl,
        "Public URL of /dicom-web for BulkDataURI and RetrieveURL (e.g. behind nginx); unset gives relative paths.");
    public static final ConfigKey<List<String>> HTTP_CORS_ORIGINS = key("http.cors_origins", "", ConfigKeys::origins,
        "Origins allowed to call DICOMweb from a browser, comma-separated, or * for any; empty allows none.");
    public static final ConfigKey<Integer> HTTP_MAX_QUERY_RESULTS = key("http.max_query_results", "0",
        text -> intIn(text, 0, 10_000_000), "Most results one QIDO-RS query returns (0: no maximum).");
    public static final ConfigKey<Boolean> HTTP_ALLOW_DELETE = key("http.allow_delete", null, ConfigKeys::bool,
        "Serve DELETE of studies, series and instances under /dicom-web (default: only when bind is a loopback address).");
    public static final ConfigKey<Integer> HTTP_IDLE_TIMEOUT = key("http.idle_timeout", "300",
        text -> intIn(text, 0, 86_400), "Seconds an HTTP connection may stay silent (nothing read from it, nothing it"
            + " took written) before it is closed; 0: never.");
    public static final ConfigKey<Boolean> HTTP_H2C = key("http.h2c", "true", ConfigKeys::bool,
        "HTTP/2 without TLS on the HTTP port (prior knowledge, and the Upgrade: h2c of requests without a body).");
    public static final ConfigKey<Boolean> HTTP_SENDFILE = key("http.sendfile", "true", ConfigKeys::bool,
        "Send WADO-RS instances and single frames from the filesystem store with sendfile over plain HTTP/1.1 (no copy through the JVM);"
            + " false copies them through memory: more CPU here, less for a receiver on this machine (a local proxy).");
    public static final ConfigKey<String> DB_URL = key("db.url", null, ConfigKeys::r2dbcUrl,
        "External PostgreSQL as r2dbc:postgresql://host:port/database; unset runs an embedded PostgreSQL.");
    public static final ConfigKey<String> DB_USER = key("db.user", null, Function.identity(),
        "User for db.url.");
    public static final ConfigKey<String> DB_PASSWORD = secret("db.password", Function.identity(),
        "Password for db.url.");
    public static final ConfigKey<Integer> DB_POOL_INITIAL_SIZE = key("db.pool_initial_size", null,
        text -> intIn(text, 0, 1000), "Connections opened at start (default 2).");
    public static final ConfigKey<Integer> DB_POOL_MAX_SIZE = key("db.pool_max_size", null,
        text -> intIn(text, 1, 1000), "Most connections to PostgreSQL at once for queries, retrievals and deletes (default 16); stores have 4 of their own.");
    public static final ConfigKey<String> DB_STATEMENT_TIMEOUT = key("db.statement_timeout", null,
        ConfigKeys::duration, "Longest a statement may run: seconds, or an ISO-8601 duration such as PT2M (default 60).");
    public static final ConfigKey<String> S3_ENDPOINT = key("s3.endpoint", null, ConfigKeys::httpUrl,
        "S3 endpoint URL, e.g. http://127.0.0.1:9000 for MinIO.");
    public static final ConfigKey<String> S3_BUCKET = key("s3.bucket", null, Function.identity(),
        "S3 bucket for instance blobs; when set, blobs go to S3 instead of the data directory.");
    public static final ConfigKey<String> S3_REGION = key("s3.region", "us-east-1", Function.identity(),
        "S3 region.");
    public static final ConfigKey<String> S3_ACCESS_KEY = key("s3.access_key", null, Function.identity(),
        "S3 access key.");
    public static final ConfigKey<String> S3_SECRET_KEY = secret("s3.secret_key", Function.identity(),
        "S3 secret key.");
    public static final ConfigKey<Boolean> S3_PATH_STYLE = key("s3.path_style", null, ConfigKeys::bool,
        "Path-style addressing (http://endpoint/bucket/key), as MinIO wants (default true).");
    public static final ConfigKey<Integer> S3_PART_SIZE = key("s3.part_size", null,
        text -> intIn(text, 5 * 1024 * 1024, 1024 * 1024 * 1024),
        "Bytes per multipart-upload part; smaller objects go up in one PUT (default 8388608).");
    public static final ConfigKey<Boolean> S3_CREATE_BUCKET = key("s3.create_bucket", null, ConfigKeys::bool,
        "Create the bucket at start when it does not exist (default true).");
    public static final ConfigKey<Integer> CACHE_LOCATIONS_MAX_INSTANCES = key("cache.locations_max_instances", "200000",
        text -> intIn(text, 0, 100_000_000), "Instance locations (blob key, syntax) cached for retrieval, counted per instance (0: off).");
    public static final ConfigKey<Integer> CACHE_METADATA_MAX_MB = key("cache.metadata_max_mb", "128",
        text -> intIn(text, 0, 1_000_000), "Heap for cached WADO-RS metadata, in MiB (0: off).");
    public static final ConfigKey<Integer> SWEEP_INTERVAL_MINUTES = key("sweep.interval_minutes", "60",
        text -> intIn(text, 0, 525_600), "Minutes between orphan-blob sweeps; the first runs a minute after start (0: never).");
    public static final ConfigKey<Integer> SWEEP_MIN_AGE_MINUTES = key("sweep.min_age_minutes", "60",
        text -> intIn(text, 5, 525_600), "Only blobs older than this many minutes are swept, so a store in flight never is.");
    public static final ConfigKey<String> LOG_FORMAT = key("log.format", "text", ConfigKeys::logFormat,
        "text (human-readable) or json (one JSON object per line); audit lines go to logger sagitta.audit.");

    private ConfigKeys() {
    }

    /** Every key, in documentation order. */
    public static List<ConfigKey<?>> all() {
        return List.copyOf(ALL.values());
    }

    /** The key at a dotted path, or null. */
    public static ConfigKey<?> byPath(String path) {
        return ALL.get(path);
    }

    static Map<String, ConfigKey<?>> byPath() {
        return Collections.unmodifiableMap(ALL);
    }

    private static <T> ConfigKey<T> key(String path, String defaultValue, Function<String, T> parser,
                                        String description) {
        ConfigKey<T> key = new ConfigKey<>(path, defaultValue, parser, description, false);
        ALL.put(path, key);
        return key;
    }

    private static <T> ConfigKey<T> secret(String path, Function<String, T> parser, String description) {
        ConfigKey<T> key = new ConfigKey<>(path, null, parser, description, true);
        ALL.put(path, key);
        return key;
    }

    // ------------------------------------------------------------------ parsers

    static int port(String text) {
        return intIn(text, 0, 65535);
    }

    static int intIn(String text, int min, int max) {
        int value;
        try {
            value = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a whole number");
        }
        if (value < min || value > max) {
            throw new IllegalArgumentException("must be between " + min + " and " + max);
        }
        return value;
    }

    /** PS3.5: AE is 1-16 characters of the default repertoire, no backslash or control characters, not all spaces. */
    static String aeTitle(String text) {
        if (text.isEmpty() || text.length() > 16) {
            throw new IllegalArgumentException("an AE title has 1 to 16 characters");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c > 0x7E || c == '\\') {
                throw new IllegalArgumentException("an AE title has no backslash, control or non-ASCII characters");
            }
        }
        return text;
    }

    static String host(String text) {
        if (text.isEmpty() || !text.matches("[A-Za-z0-9.:\\-\\[\\]%]+")) {
            throw new IllegalArgumentException("not a host name or IP address");
        }
        return text;
    }

    static Map<String, PeerAddress> peers(String text) {
        Map<String, PeerAddress> peers = new LinkedHashMap<>();
        if (text.isEmpty()) {
            return peers;
        }
        for (String entry : text.split(",")) {
            String e = entry.trim();
            int eq = e.indexOf('=');
            int colon = e.lastIndexOf(':');
            if (eq <= 0 || colon < eq + 2 || colon == e.length() - 1) {
                throw new IllegalArgumentException("'" + e + "' is not AE=host:port");
            }
            String ae = aeTitle(e.substring(0, eq).trim());
            String host = host(e.substring(eq + 1, colon).trim());
            int port = intIn(e.substring(colon + 1).trim(), 1, 65535);
            if (peers.put(ae, new PeerAddress(ae, host, port)) != null) {
                throw new IllegalArgumentException("AE title " + ae + " is listed twice");
            }
        }
        return peers;
    }

    static String r2dbcUrl(String text) {
        if (!text.startsWith("r2dbc:postgresql://") && !text.startsWith("r2dbc:pool:postgresql://")) {
            throw new IllegalArgumentException("expected r2dbc:postgresql://host:port/database");
        }
        return text;
    }

    static String httpUrl(String text) {
        if (!text.startsWith("http://") && !text.startsWith("https://")) {
            throw new IllegalArgumentException("expected an http:// or https:// URL");
        }
        return text;
    }

    static List<String> origins(String text) {
        List<String> out = new java.util.ArrayList<>();
        for (String part : text.split(",")) {
            String origin = part.trim();
            if (origin.isEmpty()) {
                continue;
            }
            if (!origin.equals("*") && !origin.matches("https?://[A-Za-z0-9.\\-\\[\\]:]+")) {
                throw new IllegalArgumentException("'" + origin + "' is not an origin such as https://viewer.example.org");
            }
            out.add(origin);
        }
        return List.copyOf(out);
    }

    static boolean bool(String text) {
        switch (text.toLowerCase(Locale.ROOT)) {
            case "true": case "yes": case "on": case "1":
                return true;
            case "false": case "no": case "off": case "0":
                return false;
            default:
                throw new IllegalArgumentException("expected true or false");
        }
    }

    static String duration(String text) {
        if (text.chars().allMatch(Character::isDigit) && !text.isEmpty()) {
            return text;
        }
        try {
            java.time.Duration.parse(text);
            return text;
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("expected seconds or an ISO-8601 duration such as PT2M");
        }
    }

    static String logFormat(String text) {
        String format = text.toLowerCase(Locale.ROOT);
        if (!format.equals("text") && !format.equals("json")) {
            throw new IllegalArgumentException("expected text or json");
        }
        return format;
    }
}
