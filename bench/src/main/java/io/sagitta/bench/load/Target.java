package io.sagitta.bench.load;

import java.net.URI;

/**
 * The server under load: its DIMSE address and AE titles and/or its DICOMweb base URL (e.g.
 * {@code http://127.0.0.1:8080/dicom-web}). Either may be absent when the workload does not need it.
 */
public record Target(String label, String dicomHost, int dicomPort, String calledAeTitle, String callingAeTitle,
                     URI web) {

    public boolean hasDicom() {
        return dicomHost != null;
    }

    public boolean hasWeb() {
        return web != null;
    }

    /** {@code HOST:PORT} to host and port; a clear error otherwise. */
    public static Target parse(String label, String hostPort, String calledAe, String callingAe, String webUrl) {
        String host = null;
        int port = 0;
        if (hostPort != null) {
            int colon = hostPort.lastIndexOf(':');
            if (colon <= 0 || colon == hostPort.length() - 1) {
                throw new IllegalArgumentException("--dicom wants HOST:PORT, not " + hostPort);
            }
            host = hostPort.substring(0, colon);
            try {
                port = Integer.parseInt(hostPort.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--dicom wants HOST:PORT, not " + hostPort);
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port out of range in " + hostPort);
            }
        }
        URI web = null;
        if (webUrl != null) {
            String trimmed = webUrl.endsWith("/") ? webUrl.substring(0, webUrl.length() - 1) : webUrl;
            web = URI.create(trimmed);
            if (!"http".equals(web.getScheme()) && !"https".equals(web.getScheme()) || web.getHost() == null) {
                throw new IllegalArgumentException("--web wants an http(s) URL, not " + webUrl);
            }
        }
        checkAe(calledAe);
        checkAe(callingAe);
        return new Target(label, host, port, calledAe, callingAe, web);
    }

    private static void checkAe(String ae) {
        if (ae == null || ae.isBlank() || ae.length() > 16) {
            throw new IllegalArgumentException("an AE title has 1 to 16 characters, not '" + ae + "'");
        }
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(label == null ? "" : label + ": ");
        if (hasDicom()) {
            s.append(calledAeTitle).append('@').append(dicomHost).append(':').append(dicomPort);
        }
        if (hasWeb()) {
            s.append(hasDicom() ? ", " : "").append(web);
        }
        return s.toString();
    }
}
