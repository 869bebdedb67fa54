package io.sagitta.dicomweb.http;

import io.sagitta.storage.index.InstanceLocation;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;

/**
 * Entity tags for the immutable retrieve answers (RFC 9110 8.8.3, 13.1.2): a digest of what the
 * answer is made of, the SOP Instance UIDs with their blobs' checksums, and of how it is shaped
 * (the resource kind, the negotiated syntax, the frame list), so a re-stored instance or another
 * representation gets a new tag. Multipart answers get weak tags, since their random boundary makes
 * every response's bytes differ while the content stays the same; single-part answers get strong ones.
 * A matching {@code If-None-Match} (weak comparison, lists and {@code *} allowed) is answered 304.
 */
public final class EntityTags {

    private EntityTags() {
    }

    /** The tag for {@code instances} shaped by {@code shape}, or null when a blob's checksum is unknown. */
    public static String of(List<InstanceLocation> instances, String shape, boolean weak) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        digest.update(shape.getBytes(StandardCharsets.UTF_8));
        for (InstanceLocation l : instances) {
            if (l.checksum() == null) {
                return null;
            }
            digest.update((byte) 0);
            digest.update(l.sopInstanceUid().getBytes(StandardCharsets.US_ASCII));
            digest.update((byte) '=');
            digest.update(l.checksum().getBytes(StandardCharsets.US_ASCII));
        }
        String opaque = Base64.getUrlEncoder().withoutPadding().encodeToString(digest.digest()).substring(0, 27);
        return (weak ? "W/\"" : "\"") + opaque + "\"";
    }

    /** Whether {@code If-None-Match} of {@code request} matches {@code etag} by weak comparison. */
    public static boolean matches(HttpServerRequest request, String etag) {
        if (etag == null) {
            return false;
        }
        String opaque = opaque(etag);
        for (String header : request.headers().getAll("If-None-Match")) {
            for (String candidate : header.split(",")) {
                String c = candidate.trim();
                if (c.equals("*") || opaque(c).equals(opaque)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Sets the tag and, when {@code If-None-Match} matches it, ends the response with 304 and
     * answers true; the caller then sends nothing more.
     */
    public static boolean notModified(HttpServerRequest request, HttpServerResponse response, String etag, String cacheControl) {
        if (etag == null) {
            return false;
        }
        response.putHeader("ETag", etag);
        if (!matches(request, etag)) {
            return false;
        }
        response.setStatusCode(304).putHeader("Cache-Control", cacheControl).end();
        return true;
    }

    private static String opaque(String tag) {
        return tag.startsWith("W/") ? tag.substring(2) : tag;
    }
}
