package io.sagitta.server.dimse;

import java.time.Duration;
import java.util.Map;

/**
 * Configuration of the DIMSE listener. Read from the environment for now ({@link #fromEnvironment}); the
 * config file will set the same keys.
 *
 * <ul>
 *   <li>{@code SAGITTA_DICOM_PORT} (default 11112)</li>
 *   <li>{@code SAGITTA_DICOM_HOST} (default 0.0.0.0)</li>
 *   <li>{@code SAGITTA_AE_TITLE} (default SAGITTA): the called AE title answered to</li>
 *   <li>{@code SAGITTA_DICOM_MAX_ASSOCIATIONS} (default 100): more are rejected (transient, local limit)</li>
 *   <li>{@code SAGITTA_DICOM_MAX_PDU} (default 65536): the maximum P-DATA-TF length received</li>
 *   <li>{@code SAGITTA_DICOM_EVENT_LOOPS} (default 1): how many event loops accept connections</li>
 *   <li>{@code SAGITTA_DICOM_IDLE_TIMEOUT} (seconds, default 300; 0 = none)</li>
 *   <li>{@code SAGITTA_DICOM_ARTIM_TIMEOUT} (seconds, default 10)</li>
 * </ul>
 */
public final class DimseServerOptions {

    private String host = "0.0.0.0";
    private int port = 11112;
    private String aeTitle = "SAGITTA";
    private int maxAssociations = 100;
    private long maxPduLength = 64 * 1024;
    private int eventLoops = 1;
    private Duration idleTimeout = Duration.ofMinutes(5);
    private Duration artimTimeout = Duration.ofSeconds(10);

    public static DimseServerOptions create() {
        return new DimseServerOptions();
    }

    public static DimseServerOptions fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /** @throws IllegalArgumentException naming the variable when a value is not valid */
    public static DimseServerOptions fromEnvironment(Map<String, String> env) {
        DimseServerOptions o = new DimseServerOptions();
        o.host = env.getOrDefault("SAGITTA_DICOM_HOST", o.host);
        o.port = integer(env, "SAGITTA_DICOM_PORT", o.port, 0, 65535);
        o.aeTitle = env.getOrDefault("SAGITTA_AE_TITLE", o.aeTitle).strip();
        if (o.aeTitle.isEmpty() || o.aeTitle.length() > 16) {
            throw new IllegalArgumentException("SAGITTA_AE_TITLE must be 1 to 16 characters");
        }
        o.maxAssociations = integer(env, "SAGITTA_DICOM_MAX_ASSOCIATIONS", o.maxAssociations, 1, 100_000);
        o.maxPduLength = integer(env, "SAGITTA_DICOM_MAX_PDU", (int) o.maxPduLength, 4096, 16 * 1024 * 1024);
        o.eventLoops = integer(env, "SAGITTA_DICOM_EVENT_LOOPS", o.eventLoops, 1, 1024);
        o.idleTimeout = Duration.ofSeconds(integer(env, "SAGITTA_DICOM_IDLE_TIMEOUT", (int) o.idleTimeout.toSeconds(), 0, 86_400));
        o.artimTimeout = Duration.ofSeconds(integer(env, "SAGITTA_DICOM_ARTIM_TIMEOUT", (int) o.artimTimeout.toSeconds(), 1, 3600));
        return o;
    }

    private static int integer(Map<String, String> env, String key, int fallback, int min, int max) {
        String v = env.get(key);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v.strip());
            if (n < min || n > max) {
                throw new IllegalArgumentException(key + " must be " + min + ".." + max + ", not " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a number, not '" + v + "'");
        }
    }

    public String host() {
        return host;
    }

    public DimseServerOptions host(String host) {
        this.host = host;
        return this;
    }

    public int port() {
        return port;
    }

    public DimseServerOptions port(int port) {
        this.port = port;
        return this;
    }

    public String aeTitle() {
        return aeTitle;
    }

    public DimseServerOptions aeTitle(String aeTitle) {
        this.aeTitle = aeTitle;
        return this;
    }

    public int maxAssociations() {
        return maxAssociations;
    }

    public DimseServerOptions maxAssociations(int n) {
        this.maxAssociations = n;
        return this;
    }

    public long maxPduLength() {
        return maxPduLength;
    }

    public DimseServerOptions maxPduLength(long bytes) {
        this.maxPduLength = bytes;
        return this;
    }

    public int eventLoops() {
        return eventLoops;
    }

    public DimseServerOptions eventLoops(int n) {
        this.eventLoops = n;
        return this;
    }

    public Duration idleTimeout() {
        return idleTimeout;
    }

    public DimseServerOptions idleTimeout(Duration d) {
        this.idleTimeout = d;
        return this;
    }

    public Duration artimTimeout() {
        return artimTimeout;
    }

    public DimseServerOptions artimTimeout(Duration d) {
        this.artimTimeout = d;
        return this;
    }
}
