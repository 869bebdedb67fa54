package io.sagitta.storage.db;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * Where the index database is and how the connection pool to it is sized. Immutable; build one
 * with {@link #builder()} or read one from the environment with {@link #fromEnvironment(Map)}.
 *
 * <p>Without a host ({@link #isExternal()} false) the archive runs its own embedded PostgreSQL
 * and fills host, port, user and database in from it ({@link #withServer}).
 *
 * <p>The pool checks that a connection is still open when it hands it out, so connections closed
 * by a PostgreSQL restart are dropped and replaced rather than failing the next query. That check
 * costs no round trip; a {@link #validationQuery()}, if set, is run instead (one round trip per
 * hand-out, which also catches a connection that died without being closed); {@link #acquireTimeout()} and {@link #connectTimeout()} turn an unreachable server
 * into a failed {@code Future} instead of a wait without end.
 */
public final class DatabaseOptions {

    public static final String ENV_URL = "SAGITTA_DB_URL";
    public static final String ENV_USER = "SAGITTA_DB_USER";
    public static final String ENV_PASSWORD = "SAGITTA_DB_PASSWORD";
    public static final String ENV_POOL_INITIAL_SIZE = "SAGITTA_DB_POOL_INITIAL_SIZE";
    public static final String ENV_POOL_MAX_SIZE = "SAGITTA_DB_POOL_MAX_SIZE";
    public static final String ENV_POOL_MAX_IDLE = "SAGITTA_DB_POOL_MAX_IDLE";
    public static final String ENV_STATEMENT_TIMEOUT = "SAGITTA_DB_STATEMENT_TIMEOUT";

    public static final DatabaseOptions DEFAULT = builder().build();

    private final String host;
    private final int port;
    private final String database;
    private final String user;
    private final String password;
    private final String schema;
    private final int poolInitialSize;
    private final int poolMaxSize;
    private final Duration poolMaxIdleTime;
    private final Duration poolMaxLifeTime;
    private final String validationQuery;
    private final Duration acquireTimeout;
    private final Duration connectTimeout;
    private final Duration statementTimeout;
    private final int fetchSize;

    private DatabaseOptions(Builder b) {
        this.host = b.host;
        this.port = b.port;
        this.database = b.database;
        this.user = b.user;
        this.password = b.password;
        this.schema = b.schema;
        this.poolInitialSize = b.poolInitialSize;
        this.poolMaxSize = b.poolMaxSize;
        this.poolMaxIdleTime = b.poolMaxIdleTime;
        this.poolMaxLifeTime = b.poolMaxLifeTime;
        this.validationQuery = b.validationQuery;
        this.acquireTimeout = b.acquireTimeout;
        this.connectTimeout = b.connectTimeout;
        this.statementTimeout = b.statementTimeout;
        this.fetchSize = b.fetchSize;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.host = host;
        b.port = port;
        b.database = database;
        b.user = user;
        b.password = password;
        b.schema = schema;
        b.poolInitialSize = poolInitialSize;
        b.poolMaxSize = poolMaxSize;
        b.poolMaxIdleTime = poolMaxIdleTime;
        b.poolMaxLifeTime = poolMaxLifeTime;
        b.validationQuery = validationQuery;
        b.acquireTimeout = acquireTimeout;
        b.connectTimeout = connectTimeout;
        b.statementTimeout = statementTimeout;
        b.fetchSize = fetchSize;
        return b;
    }

    /**
     * Reads {@value #ENV_URL} ({@code r2dbc:postgresql://host[:port]/database[?schema=name]}),
     * {@value #ENV_USER}, {@value #ENV_PASSWORD} and the pool variables. Without a URL the result
     * is not external: the embedded database is meant. A bad value is an
     * {@link IllegalArgumentException} that names the variable.
     */
    public static DatabaseOptions fromEnvironment(Map<String, String> env) {
        Builder b = builder();
        String url = blankToNull(env.get(ENV_URL));
        if (url != null) {
            parseUrl(url, b);
        }
        String user = blankToNull(env.get(ENV_USER));
        if (user != null) {
            b.user(user);
        }
        String password = env.get(ENV_PASSWORD);
        if (password != null) {
            b.password(password);
        }
        if (url == null && (user != null || password != null)) {
            throw new IllegalArgumentException(ENV_USER + "/" + ENV_PASSWORD + " are set but " + ENV_URL
                + " is not: the embedded database takes no credentials");
        }
        Integer initial = positiveInt(env, ENV_POOL_INITIAL_SIZE, true);
        Integer max = positiveInt(env, ENV_POOL_MAX_SIZE, false);
        if (max != null) {
            b.poolMaxSize(max);
        }
        if (initial != null) {
            if (initial > b.poolMaxSize) {
                throw new IllegalArgumentException(ENV_POOL_INITIAL_SIZE + " (" + initial + ") is larger than the pool's maximum size ("
                    + b.poolMaxSize + ")");
            }
            b.poolInitialSize(initial);
        } else if (b.poolInitialSize > b.poolMaxSize) {
            b.poolInitialSize(b.poolMaxSize);
        }
        Duration idle = duration(env, ENV_POOL_MAX_IDLE);
        if (idle != null) {
            b.poolMaxIdleTime(idle);
        }
        Duration statement = duration(env, ENV_STATEMENT_TIMEOUT);
        if (statement != null) {
            b.statementTimeout(statement);
        }
        return b.build();
    }

    private static void parseUrl(String url, Builder b) {
        String prefix = "r2dbc:";
        if (!url.startsWith(prefix)) {
            throw new IllegalArgumentException(ENV_URL + " must look like r2dbc:postgresql://host:port/database, not '" + url + "'");
        }
        URI uri;
        try {
            uri = new URI(url.substring(prefix.length()));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(ENV_URL + " is not a valid URL: " + e.getMessage(), e);
        }
        if (!"postgresql".equals(uri.getScheme()) && !"postgres".equals(uri.getScheme())) {
            throw new IllegalArgumentException(ENV_URL + " must use the r2dbc:postgresql scheme, not '" + uri.getScheme() + "'");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IllegalArgumentException(ENV_URL + " has no host: '" + url + "'");
        }
        String path = uri.getPath() == null ? "" : uri.getPath();
        if (path.startsWith("/")) {
            path = path.substring(1);
        }
        if (path.isEmpty() || path.contains("/")) {
            throw new IllegalArgumentException(ENV_URL + " must name one database after the host: '" + url + "'");
        }
        b.host(uri.getHost()).port(uri.getPort() < 0 ? 5432 : uri.getPort()).database(path);
        if (uri.getRawUserInfo() != null) {
            String[] userInfo = uri.getRawUserInfo().split(":", 2);
            b.user(URLDecoder.decode(userInfo[0], StandardCharsets.UTF_8));
            if (userInfo.length > 1) {
                b.password(URLDecoder.decode(userInfo[1], StandardCharsets.UTF_8));
            }
        }
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                String[] kv = pair.split("=", 2);
                if (kv[0].equals("schema") && kv.length == 2 && !kv[1].isEmpty()) {
                    b.schema(URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
                } else {
                    throw new IllegalArgumentException(ENV_URL + " has an unsupported parameter '" + kv[0] + "' (only schema is known)");
                }
            }
        }
    }

    private static Integer positiveInt(Map<String, String> env, String name, boolean zeroAllowed) {
        String value = blankToNull(env.get(name));
        if (value == null) {
            return null;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n < 0 || (n == 0 && !zeroAllowed)) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a " + (zeroAllowed ? "non-negative" : "positive")
                + " integer, not '" + value + "'");
        }
    }

    /** Seconds ({@code 30}) or an ISO-8601 duration ({@code PT30S}). */
    private static Duration duration(Map<String, String> env, String name) {
        String value = blankToNull(env.get(name));
        if (value == null) {
            return null;
        }
        String v = value.trim();
        try {
            Duration d = v.chars().allMatch(Character::isDigit) ? Duration.ofSeconds(Long.parseLong(v)) : Duration.parse(v);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, not '" + value + "'");
            }
            return d;
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be seconds or an ISO-8601 duration such as PT30S, not '" + value + "'");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** These options pointed at a server (used to fill in the embedded database's address). */
    public DatabaseOptions withServer(String host, int port, String database, String user, String password) {
        return toBuilder().host(host).port(port).database(database).user(user).password(password).build();
    }

    /** Whether a server was configured; if not, the embedded database is to be used. */
    public boolean isExternal() {
        return host != null;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public String database() {
        return database;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    /** The schema the index lives in (search_path), or null for the server's default. */
    public String schema() {
        return schema;
    }

    public int poolInitialSize() {
        return poolInitialSize;
    }

    public int poolMaxSize() {
        return poolMaxSize;
    }

    public Duration poolMaxIdleTime() {
        return poolMaxIdleTime;
    }

    public Duration poolMaxLifeTime() {
        return poolMaxLifeTime;
    }

    public String validationQuery() {
        return validationQuery;
    }

    public Duration acquireTimeout() {
        return acquireTimeout;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    public Duration statementTimeout() {
        return statementTimeout;
    }

    /** Rows fetched per round trip when a query result is streamed. */
    public int fetchSize() {
        return fetchSize;
    }

    @Override
    public String toString() {
        return "DatabaseOptions[" + (host == null ? "embedded" : host + ":" + port + "/" + database + " as " + user)
            + (schema == null ? "" : ", schema " + schema) + ", pool " + poolInitialSize + ".." + poolMaxSize + "]";
    }

    /** Collects options; every setter returns the builder. */
    public static final class Builder {
        private String host;
        private int port = 5432;
        private String database = "postgres";
        private String user = "postgres";
        private String password = "";
        private String schema;
        private int poolInitialSize = 2;
        private int poolMaxSize = 16;
        private Duration poolMaxIdleTime = Duration.ofMinutes(10);
        private Duration poolMaxLifeTime = Duration.ofHours(1);
        private String validationQuery;
        private Duration acquireTimeout = Duration.ofSeconds(10);
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration statementTimeout = Duration.ofSeconds(60);
        private int fetchSize = 256;

        private Builder() {
        }

        public Builder host(String host) {
            this.host = host;
            return this;
        }

        public Builder port(int port) {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port must be 1..65535: " + port);
            }
            this.port = port;
            return this;
        }

        public Builder database(String database) {
            this.database = requireText(database, "database");
            return this;
        }

        public Builder user(String user) {
            this.user = requireText(user, "user");
            return this;
        }

        public Builder password(String password) {
            this.password = password == null ? "" : password;
            return this;
        }

        public Builder schema(String schema) {
            this.schema = schema;
            return this;
        }

        public Builder poolInitialSize(int size) {
            if (size < 0) {
                throw new IllegalArgumentException("poolInitialSize must not be negative: " + size);
            }
            this.poolInitialSize = size;
            return this;
        }

        public Builder poolMaxSize(int size) {
            if (size < 1) {
                throw new IllegalArgumentException("poolMaxSize must be positive: " + size);
            }
            this.poolMaxSize = size;
            return this;
        }

        public Builder poolMaxIdleTime(Duration d) {
            this.poolMaxIdleTime = positive(d, "poolMaxIdleTime");
            return this;
        }

        public Builder poolMaxLifeTime(Duration d) {
            this.poolMaxLifeTime = positive(d, "poolMaxLifeTime");
            return this;
        }

        public Builder validationQuery(String query) {
            this.validationQuery = requireText(query, "validationQuery");
            return this;
        }

        public Builder acquireTimeout(Duration d) {
            this.acquireTimeout = positive(d, "acquireTimeout");
            return this;
        }

        public Builder connectTimeout(Duration d) {
            this.connectTimeout = positive(d, "connectTimeout");
            return this;
        }

        public Builder statementTimeout(Duration d) {
            this.statementTimeout = positive(d, "statementTimeout");
            return this;
        }

        public Builder fetchSize(int rows) {
            if (rows < 1) {
                throw new IllegalArgumentException("fetchSize must be positive: " + rows);
            }
            this.fetchSize = rows;
            return this;
        }

        public DatabaseOptions build() {
            if (poolInitialSize > poolMaxSize) {
                throw new IllegalArgumentException("poolInitialSize (" + poolInitialSize + ") exceeds poolMaxSize (" + poolMaxSize + ")");
            }
            return new DatabaseOptions(this);
        }

        private static String requireText(String s, String name) {
            if (s == null || s.isBlank()) {
                throw new IllegalArgumentException(name + " must not be empty");
            }
            return s;
        }

        private static Duration positive(Duration d, String name) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be a positive duration: " + d);
            }
            return d;
        }
    }
}
