package io.sagitta.dicomweb;

import java.time.Duration;
import java.util.List;

/**
 * How the DICOMweb routes answer. Immutable; {@link #builder()} starts from the defaults, which
 * suit a viewer served from the same origin behind the same host name.
 *
 * <ul>
 *   <li>{@link #baseUrl()}: the URL under which the routes are reachable from outside (for example
 *       {@code https://pacs.example.org/dicom-web}); RetrieveURLs and BulkDataURIs start with it.
 *       Null (the default) makes them server-relative paths under the router's mount point
 *       ({@code /dicom-web/studies/...}), which browsers and OHIF resolve against the server they
 *       asked; set it when a proxy changes the path or clients need absolute URLs.
 *   <li>{@link #corsAllowedOrigins()}: origins allowed to call the routes from a browser
 *       ({@code https://viewer.example.org}, or {@code *} for any); empty (the default) adds no CORS headers.
 *   <li>{@link #maxQueryResults()}: the most results one QIDO-RS response carries; a larger
 *       {@code limit} is lowered to it with a Warning (PS3.18 8.3.4.4). 0 (the default) sets no maximum:
 *       results are streamed, so a large answer costs time, not memory.
 *   <li>{@link #metadataMaxAgeSeconds()}: the {@code Cache-Control: max-age} of metadata responses;
 *       0 (the default) sends {@code no-cache}, since a series may still receive instances.
 *   <li>{@link #listener()}: told of each instance stored or sent, for metrics and audit; none by default.
 *   <li>{@link #stalledClientTimeout()}: how long a QIDO-RS or metadata answer waits for a client that reads
 *       none of it before it is given up and the connection closed (30 s by default). While it waits, its query
 *       holds one of the index's few database connections, so a handful of such clients would otherwise starve
 *       every query and store of the archive.
 *   <li>{@link #sendFile()}: whether whole instances and single frames go out as file regions (sendfile) where the connection and
 *       the blob store allow it (on by default; see {@link io.sagitta.dicomweb.http.SendFile}). Off, they are
 *       read into pooled memory and written from there: more CPU for the archive, less for a receiver on the
 *       same machine (a local proxy), which otherwise takes page-cache pages in 4 KiB pieces.
 * </ul>
 */
public final class DicomWebOptions {

    public static final DicomWebOptions DEFAULT = builder().build();

    private final String baseUrl;
    private final List<String> corsAllowedOrigins;
    private final int maxQueryResults;
    private final int metadataMaxAgeSeconds;
    private final DicomWebListener listener;
    private final boolean allowDelete;
    private final Duration stalledClientTimeout;
    private final boolean sendFile;

    private DicomWebOptions(Builder b) {
        this.listener = b.listener;
        this.baseUrl = b.baseUrl;
        this.corsAllowedOrigins = List.copyOf(b.corsAllowedOrigins);
        this.maxQueryResults = b.maxQueryResults;
        this.metadataMaxAgeSeconds = b.metadataMaxAgeSeconds;
        this.allowDelete = b.allowDelete;
        this.stalledClientTimeout = b.stalledClientTimeout;
        this.sendFile = b.sendFile;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().baseUrl(baseUrl).corsAllowedOrigins(corsAllowedOrigins).maxQueryResults(maxQueryResults)
            .metadataMaxAgeSeconds(metadataMaxAgeSeconds).listener(listener).allowDelete(allowDelete)
            .stalledClientTimeout(stalledClientTimeout).sendFile(sendFile);
    }

    /** The external URL of the routes without a trailing slash, or null for server-relative URLs. */
    public String baseUrl() {
        return baseUrl;
    }

    public List<String> corsAllowedOrigins() {
        return corsAllowedOrigins;
    }

    /** 0 for no maximum. */
    public int maxQueryResults() {
        return maxQueryResults;
    }

    public int metadataMaxAgeSeconds() {
        return metadataMaxAgeSeconds;
    }

    public DicomWebListener listener() {
        return listener;
    }

    /** Whether DELETE of studies, series and instances is served (else 405); off by default. */
    public boolean allowDelete() {
        return allowDelete;
    }

    /** How long a streamed JSON answer waits for a client that reads none of it (see the class comment). */
    public Duration stalledClientTimeout() {
        return stalledClientTimeout;
    }

    /** Whether whole instances and single frames may go out as file regions (see the class comment). */
    public boolean sendFile() {
        return sendFile;
    }

    /** Collects options; {@link #build()} checks them. */
    public static final class Builder {
        private String baseUrl;
        private List<String> corsAllowedOrigins = List.of();
        private int maxQueryResults;
        private int metadataMaxAgeSeconds;
        private DicomWebListener listener = DicomWebListener.NONE;
        private boolean allowDelete;
        private Duration stalledClientTimeout = Duration.ofSeconds(30);
        private boolean sendFile = true;

        private Builder() {
        }

        /** Null for none. */
        public Builder listener(DicomWebListener listener) {
            this.listener = listener == null ? DicomWebListener.NONE : listener;
            return this;
        }

        /**
         * An absolute URL ({@code http://host:8080/dicom-web}) or an absolute path ({@code /pacs/dicom-web});
         * null or empty for paths under the mount point.
         */
        public Builder baseUrl(String baseUrl) {
            this.baseUrl = baseUrl;
            return this;
        }

        public Builder corsAllowedOrigins(List<String> origins) {
            this.corsAllowedOrigins = origins == null ? List.of() : origins;
            return this;
        }

        public Builder maxQueryResults(int max) {
            this.maxQueryResults = max;
            return this;
        }

        public Builder metadataMaxAgeSeconds(int seconds) {
            this.metadataMaxAgeSeconds = seconds;
            return this;
        }

        public Builder allowDelete(boolean allow) {
            this.allowDelete = allow;
            return this;
        }

        public Builder sendFile(boolean sendFile) {
            this.sendFile = sendFile;
            return this;
        }

        /** Positive. */
        public Builder stalledClientTimeout(Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("stalled client timeout must be positive: " + timeout);
            }
            this.stalledClientTimeout = timeout;
            return this;
        }

        public DicomWebOptions build() {
            if (baseUrl != null) {
                String url = baseUrl.trim();
                while (url.endsWith("/")) {
                    url = url.substring(0, url.length() - 1);
                }
                // The URL is spliced into JSON strings and headers as it is: nothing that needs escaping.
                for (int i = 0; i < url.length(); i++) {
                    char c = url.charAt(i);
                    if (c <= ' ' || c >= 0x7F || c == '"' || c == '\\' || c == '<' || c == '>') {
                        throw new IllegalArgumentException("base URL must be a plain URL without spaces, quotes or backslashes: '"
                            + baseUrl + "'");
                    }
                }
                if (!url.isEmpty() && !url.startsWith("/") && !url.startsWith("http://") && !url.startsWith("https://")) {
                    throw new IllegalArgumentException("base URL must be http(s)://... or start with /: '" + baseUrl + "'");
                }
                baseUrl = url.isEmpty() ? null : url;
            }
            for (String origin : corsAllowedOrigins) {
                if (origin == null || origin.isBlank()) {
                    throw new IllegalArgumentException("empty CORS origin in " + corsAllowedOrigins);
                }
            }
            if (maxQueryResults < 0) {
                throw new IllegalArgumentException("maxQueryResults must not be negative: " + maxQueryResults);
            }
            if (metadataMaxAgeSeconds < 0) {
                throw new IllegalArgumentException("metadataMaxAgeSeconds must not be negative: " + metadataMaxAgeSeconds);
            }
            return new DicomWebOptions(this);
        }
    }
}
