package io.sagitta.server.logging;

import io.sagitta.core.net.service.AssociationInfo;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * Who asked, for log and audit lines: the association or HTTP request id, the calling AE title (DIMSE
 * only) and the peer's address.
 *
 * @param idKey {@link LogContext#ASSOCIATION} or {@link LogContext#REQUEST_ID}
 */
public record Caller(String idKey, String id, String aeTitle, String remote) {

    public static Caller of(AssociationInfo association) {
        return new Caller(LogContext.ASSOCIATION, association.id(), association.callingAeTitle(),
            address(association.remoteAddress()));
    }

    public static Caller http(String requestId, String remote) {
        return new Caller(LogContext.REQUEST_ID, requestId, null, remote);
    }

    /** {@code host:port} without the resolver's {@code name/} prefix. */
    public static String address(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            String host = inet.getAddress() != null ? inet.getAddress().getHostAddress() : inet.getHostString();
            return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + inet.getPort();
        }
        return address == null ? null : address.toString();
    }
}
