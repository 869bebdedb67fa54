package io.sagitta.dicomweb.http;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.handler.CorsHandler;
import java.util.List;
import java.util.Set;

/**
 * The one CORS policy of the HTTP doors (DICOMweb and WADO-URI alike), so a viewer served from
 * another origin can use every URL its configuration names: OHIF's {@code wadoUriRoot} as much as
 * its {@code qidoRoot} and {@code wadoRoot}.
 */
public final class CrossOrigin {

    private CrossOrigin() {
    }

    /**
     * A handler allowing {@code origins} ({@code *} among them: any), answering preflights itself;
     * null when {@code origins} is empty (no CORS headers at all).
     */
    public static CorsHandler handler(List<String> origins) {
        if (origins.isEmpty()) {
            return null;
        }
        CorsHandler cors = CorsHandler.create();
        if (!origins.contains("*")) {
            cors.addOrigins(origins);
        }
        return cors
            .allowedMethods(Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST, HttpMethod.DELETE, HttpMethod.OPTIONS))
            .allowedHeaders(Set.of("Accept", "Content-Type", "Authorization", "Range", "If-None-Match", "If-Modified-Since"))
            .exposedHeaders(Set.of("Warning", "Content-Type", "Content-Length", "Content-Location", "ETag", "Retry-After"))
            .maxAgeSeconds(600);
    }
}
