package io.sagitta.dicomweb.http;

import io.netty.channel.ChannelPromise;
import io.netty.channel.FileRegion;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.impl.http1.Http1ServerConnection;
import io.vertx.core.internal.PromiseInternal;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.net.impl.MessageWrite;
import io.vertx.ext.web.RoutingContext;

/**
 * File regions (a blob's bytes sent by the kernel from the page cache: sendfile) written among the chunks of a
 * response, on connections that pass them to the socket as they are: HTTP/1.x without TLS or traffic shaping, on a
 * transport that takes file regions (epoll, NIO). The JVM then copies none of those bytes, where a buffer costs a copy
 * from the page cache into it and another from it into the socket.
 *
 * <p>Vert.x has no public way to do this: its {@code sendFile} sends a file as a whole body. So this writes the region
 * to the connection's outbound queue, the one the response's own writes go through: it goes out in order, and Netty's
 * HTTP encoder frames it as a chunk like any other content. The response must carry {@code Content-Encoding: identity}
 * so that the compressor in the pipeline lets it pass unchanged.
 */
public final class SendFile {

    private static final String SENT = SendFile.class.getName() + ".bytes";

    private final RoutingContext ctx;
    private final Http1ServerConnection connection;

    private SendFile(RoutingContext ctx, Http1ServerConnection connection) {
        this.ctx = ctx;
        this.connection = connection;
    }

    /**
     * For the response of {@code ctx} where {@code allowed} (the routes' option), or null when not allowed or when its
     * connection cannot take file regions (HTTP/2, TLS, ...).
     */
    public static SendFile of(RoutingContext ctx, boolean allowed) {
        return allowed ? of(ctx) : null;
    }

    private static SendFile of(RoutingContext ctx) {
        HttpConnection connection = ctx.request().connection();
        if (connection instanceof Http1ServerConnection http1 && !http1.isSsl() && !http1.isTrafficShaped()
            && ((VertxInternal) ctx.vertx()).transport().supportFileRegion()) {
            return new SendFile(ctx, http1);
        }
        return null;
    }

    /**
     * Writes {@code head} then {@code region} as the response's next bytes (after its own head) and answers once the
     * socket has taken the region. Only the region's write is awaited: it is queued behind the head's and fails too if
     * that one does. The region stays the caller's, as in {@link #write(FileRegion)}.
     */
    public Future<Void> write(Buffer head, FileRegion region) {
        ctx.response().write(head);
        return write(region);
    }

    /**
     * Writes {@code region} as the response's next bytes (after its head) and answers once the socket has taken them.
     * The region stays the caller's, to release afterwards as it would a buffer: the channel gets a reference of its
     * own. Call on the connection's event loop.
     */
    public Future<Void> write(FileRegion region) {
        PromiseInternal<Void> sent = connection.context().promise();
        ChannelPromise written = connection.newChannelPromise(sent);
        region.retain();
        connection.writeToChannel(new MessageWrite() {
            @Override
            public void write() {
                connection.unsafeWrite(region, true, written);
            }

            @Override
            public void cancel(Throwable cause) {
                region.release(); // the connection closed before the write: the channel never took its reference
                written.setFailure(cause);
            }
        });
        long count = region.count();
        return sent.future().andThen(ar -> {
            if (ar.succeeded()) {
                ctx.put(SENT, bytesSentAsRegions(ctx) + count);
            }
        });
    }

    /** The body bytes sent for {@code ctx}: the response's own writes and the file regions written through this class. */
    public static long bytesSent(RoutingContext ctx) {
        return ctx.response().bytesWritten() + bytesSentAsRegions(ctx);
    }

    private static long bytesSentAsRegions(RoutingContext ctx) {
        Long sent = ctx.get(SENT);
        return sent == null ? 0 : sent;
    }
}
