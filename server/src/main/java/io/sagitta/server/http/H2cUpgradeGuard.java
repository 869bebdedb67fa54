package io.sagitta.server.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.vertx.core.http.impl.tcp.Http1xOrH2CHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Declines the HTTP/2 cleartext upgrade ({@code Upgrade: h2c}, RFC 7540 3.2) for a request that carries a
 * body, so that request is served as HTTP/1.1, while body-less requests (what viewers send) may upgrade.
 *
 * <p>Why: Vert.x 5.2's upgrade handler ({@code Http1xUpgradeToH2CHandler}, named {@code "h2c"} in the
 * channel pipeline) switches the connection to HTTP/2 on the upgrade request and then feeds the rest of
 * that request's HTTP/1.1 body to stream 1 as DATA frames that bypass HTTP/2 flow control, so a large
 * STOW-RS from a client asking for the upgrade (the JDK's HttpClient asks on every request) is read from
 * the socket as fast as it arrives and held in memory. Served as HTTP/1.1 the body streams with
 * back-pressure. A server may ignore an upgrade request (RFC 9110 7.8), so stripping the upgrade headers
 * before that handler sees them is a plain HTTP/1.1 exchange to the client.
 *
 * <p>Vert.x offers no hook before its upgrade handler sees the first request (its connection handler runs
 * after that decision), so this class, the one place that knows Vert.x's internals, works on the Netty
 * pipeline of each accepted connection: {@link #acceptHook()} goes on the listening channel (through
 * {@link GuardedTransport}) and puts {@link FirstBytes} at the head of each accepted channel. Vert.x's
 * {@link Http1xOrH2CHandler} tells the HTTP/2 preface from HTTP/1.x by the first bytes and only then adds
 * the HTTP/1.1 decoder and the {@code "h2c"} handler; {@code FirstBytes} hands it those bytes one at a
 * time until it has decided, then puts {@link BodyUpgradeDecliner} between the decoder and {@code "h2c"}
 * and steps aside. Connections that are not HTTP with h2c (the DIMSE port, h2c off) lose the head handler
 * on their first read. At most the 24 bytes of the preface go one by one; a request with a body cannot fit
 * in them, so the decliner is in place before any such request is complete.
 */
public final class H2cUpgradeGuard {

    /** Vert.x's name for its upgrade handler in the HTTP/1.1 pipeline. */
    private static final String VERTX_UPGRADE_HANDLER = "h2c";
    private static final String DECLINER = "sagitta-h2c-body-decliner";
    private static final ChannelHandler ACCEPT_HOOK = new AcceptHook();

    private H2cUpgradeGuard() {
    }

    /** The handler for a listening channel's pipeline: it equips every accepted channel with the guard. */
    public static ChannelHandler acceptHook() {
        return ACCEPT_HOOK;
    }

    /** Whether a request carries a body, read from its headers; a malformed length counts as a body. */
    static boolean carriesBody(HttpRequest request) {
        HttpHeaders headers = request.headers();
        if (headers.contains(HttpHeaderNames.TRANSFER_ENCODING)) {
            return true;
        }
        try {
            return HttpUtil.getContentLength(request, 0L) > 0;
        } catch (NumberFormatException malformed) {
            return true;
        }
    }

    /** Removes the h2c upgrade request from the headers: Upgrade, HTTP2-Settings and their Connection options. */
    static void stripUpgrade(HttpHeaders headers) {
        headers.remove(HttpHeaderNames.UPGRADE);
        headers.remove("HTTP2-Settings");
        List<String> kept = new ArrayList<>();
        for (String value : headers.getAll(HttpHeaderNames.CONNECTION)) {
            for (String token : value.split(",")) {
                String option = token.trim();
                String lower = option.toLowerCase(Locale.ROOT);
                if (!option.isEmpty() && !lower.equals("upgrade") && !lower.equals("http2-settings")) {
                    kept.add(option);
                }
            }
        }
        headers.remove(HttpHeaderNames.CONNECTION);
        if (!kept.isEmpty()) {
            headers.set(HttpHeaderNames.CONNECTION, String.join(", ", kept));
        }
    }

    @ChannelHandler.Sharable
    private static final class AcceptHook extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof Channel accepted) {
                // Not registered yet: the server's own initializer is added after this one, behind it.
                accepted.pipeline().addFirst(new FirstBytes());
            }
            ctx.fireChannelRead(msg);
        }
    }

    /** At the head of an accepted channel until Vert.x has chosen between HTTP/1.x and the HTTP/2 preface. */
    private static final class FirstBytes extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ChannelPipeline pipeline = ctx.pipeline();
            if (!(msg instanceof ByteBuf bytes)) {
                pipeline.remove(this);
                ctx.fireChannelRead(msg);
                return;
            }
            while (bytes.isReadable() && pipeline.get(Http1xOrH2CHandler.class) != null) {
                ctx.fireChannelRead(bytes.readRetainedSlice(1));
            }
            if (pipeline.get(Http1xOrH2CHandler.class) == null) {
                if (pipeline.get(VERTX_UPGRADE_HANDLER) != null && pipeline.get(DECLINER) == null) {
                    pipeline.addBefore(VERTX_UPGRADE_HANDLER, DECLINER, new BodyUpgradeDecliner());
                }
                pipeline.remove(this);
            }
            if (bytes.isReadable()) {
                ctx.fireChannelRead(bytes);
            } else {
                bytes.release();
            }
        }
    }

    /**
     * Between the HTTP/1.1 decoder and Vert.x's upgrade handler for the connection's first request, the only
     * one Vert.x considers for an upgrade.
     */
    private static final class BodyUpgradeDecliner extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof HttpRequest request) {
                if (request.headers().contains(HttpHeaderNames.UPGRADE, "h2c", true) && carriesBody(request)) {
                    stripUpgrade(request.headers());
                }
                ctx.fireChannelRead(msg);
                if (!ctx.isRemoved()) {
                    ctx.pipeline().remove(this);
                }
                return;
            }
            ctx.fireChannelRead(msg);
        }
    }
}
