package io.sagitta.server.config;

/** A DICOM peer the archive can open associations to (a C-MOVE destination). */
public record PeerAddress(String aeTitle, String host, int port) {
}
