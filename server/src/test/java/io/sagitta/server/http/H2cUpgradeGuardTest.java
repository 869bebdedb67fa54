package io.sagitta.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.Test;

/** What the guard reads as a body and what it strips from a declined upgrade request. */
class H2cUpgradeGuardTest {

    @Test
    void aBodyIsAPositiveLengthOrAnyTransferEncodingOrAMalformedLength() {
        assertFalse(H2cUpgradeGuard.carriesBody(request()));
        assertFalse(H2cUpgradeGuard.carriesBody(request("Content-Length", "0")));
        assertTrue(H2cUpgradeGuard.carriesBody(request("Content-Length", "1")));
        assertTrue(H2cUpgradeGuard.carriesBody(request("Transfer-Encoding", "chunked")));
        assertTrue(H2cUpgradeGuard.carriesBody(request("Transfer-Encoding", "gzip, chunked")));
        assertTrue(H2cUpgradeGuard.carriesBody(request("Content-Length", "lots")));
    }

    @Test
    void strippingRemovesTheUpgradeAndKeepsOtherConnectionOptions() {
        HttpRequest jdk = request("Connection", "Upgrade, HTTP2-Settings", "Upgrade", "h2c", "HTTP2-Settings", "AAEAAEAAAAIAAAAAAAMAAAAAAAQBAAAAAAUAAEAAAAYABgAA");
        H2cUpgradeGuard.stripUpgrade(jdk.headers());
        assertNull(jdk.headers().get("Upgrade"));
        assertNull(jdk.headers().get("HTTP2-Settings"));
        assertNull(jdk.headers().get("Connection"));

        HttpRequest keepAlive = request("Connection", "keep-alive, upgrade,http2-settings", "Upgrade", "h2c");
        H2cUpgradeGuard.stripUpgrade(keepAlive.headers());
        assertEquals("keep-alive", keepAlive.headers().get("Connection"));
        assertNull(keepAlive.headers().get("Upgrade"));
    }

    private static HttpRequest request(String... headers) {
        HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/dicom-web/studies");
        for (int i = 0; i < headers.length; i += 2) {
            request.headers().add(headers[i], headers[i + 1]);
        }
        return request;
    }
}
