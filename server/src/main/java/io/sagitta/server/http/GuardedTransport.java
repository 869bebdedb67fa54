package io.sagitta.server.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.socket.DatagramChannel;
import io.vertx.core.datagram.DatagramSocketOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.net.TcpConfig;
import io.vertx.core.spi.transport.Transport;
import java.util.concurrent.ThreadFactory;

/**
 * Vert.x's best transport here ({@link #best()}: the native one, epoll on Linux, else NIO) with
 * {@link H2cUpgradeGuard#acceptHook()} on every listening TCP channel: the transport is the one place Vert.x
 * lets us into a server's Netty bootstrap before connections arrive. Everything else is the wrapped
 * transport's own behaviour.
 */
public final class GuardedTransport implements Transport {

    private final Transport inner = best().implementation();

    /**
     * The native transport when its library loads here (epoll on Linux: fewer system calls and copies per
     * read and write than the JDK's selector, which matters on every DIMSE and HTTP byte), else NIO.
     */
    public static io.vertx.core.transport.Transport best() {
        io.vertx.core.transport.Transport natively = io.vertx.core.transport.Transport.nativeTransport();
        return natively != null && natively.available() ? natively : io.vertx.core.transport.Transport.NIO;
    }

    /** For {@code Vertx.builder().withTransport(...)}. */
    public static io.vertx.core.transport.Transport create() {
        GuardedTransport implementation = new GuardedTransport();
        return new io.vertx.core.transport.Transport() {
            @Override
            public String name() {
                return implementation.inner.getClass().getSimpleName() + "+h2c-guard";
            }

            @Override
            public boolean available() {
                return true;
            }

            @Override
            public Throwable unavailabilityCause() {
                return null;
            }

            @Override
            public Transport implementation() {
                return implementation;
            }
        };
    }

    private GuardedTransport() {
    }

    @Override
    public void configure(TcpConfig options, boolean domainSocket, ServerBootstrap bootstrap) {
        inner.configure(options, domainSocket, bootstrap);
        ChannelHandler existing = bootstrap.config().handler();
        if (existing == null) {
            bootstrap.handler(H2cUpgradeGuard.acceptHook());
            return;
        }
        bootstrap.handler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel channel) {
                channel.pipeline().addLast(existing, H2cUpgradeGuard.acceptHook());
            }
        });
    }

    @Override
    public boolean supportsDomainSockets() {
        return inner.supportsDomainSockets();
    }

    @Override
    public boolean supportFileRegion() {
        return inner.supportFileRegion();
    }

    @Override
    public boolean isAvailable() {
        return inner.isAvailable();
    }

    @Override
    public Throwable unavailabilityCause() {
        return inner.unavailabilityCause();
    }

    @Override
    public java.net.SocketAddress convert(SocketAddress address) {
        return inner.convert(address);
    }

    @Override
    public SocketAddress convert(java.net.SocketAddress address) {
        return inner.convert(address);
    }

    @Override
    public IoHandlerFactory ioHandlerFactory() {
        return inner.ioHandlerFactory();
    }

    @Override
    public EventLoopGroup eventLoopGroup(int type, int threads, ThreadFactory threadFactory, int ioRatio) {
        return inner.eventLoopGroup(type, threads, threadFactory, ioRatio);
    }

    @Override
    @SuppressWarnings("deprecation")
    public DatagramChannel datagramChannel(io.netty.channel.socket.InternetProtocolFamily family) {
        return inner.datagramChannel(family);
    }

    @Override
    public ChannelFactory<? extends DatagramChannel> datagramChannelFactory() {
        return inner.datagramChannelFactory();
    }

    @Override
    public ChannelFactory<? extends Channel> channelFactory(boolean domainSocket) {
        return inner.channelFactory(domainSocket);
    }

    @Override
    public ChannelFactory<? extends ServerChannel> serverChannelFactory(boolean domainSocket) {
        return inner.serverChannelFactory(domainSocket);
    }

    @Override
    public void configure(DatagramChannel channel, DatagramSocketOptions options) {
        inner.configure(channel, options);
    }

    @Override
    public void configure(TcpConfig options, boolean domainSocket, io.netty.bootstrap.Bootstrap bootstrap) {
        inner.configure(options, domainSocket, bootstrap);
    }
}
