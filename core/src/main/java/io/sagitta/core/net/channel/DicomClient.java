package io.sagitta.core.net.channel;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.util.concurrent.CompletableFuture;

/**
 * Opens associations as requestor: connect, send the A-ASSOCIATE-RQ, check the A-ASSOCIATE-AC against it
 * (every context id proposed, every accepted transfer syntax among those proposed for it), then hand out an
 * {@link Association}.
 *
 * <p>Futures are {@link CompletableFuture}s completed on the association's event loop (core cannot depend on
 * Vert.x; a Vert.x caller wraps them with {@code Future.fromCompletionStage}).
 */
public final class DicomClient implements AutoCloseable {

    private final EventLoopGroup group;
    private final ChannelFactory<? extends Channel> channels;
    private final boolean ownsGroup;
    private final AssociationOptions options;

    private DicomClient(EventLoopGroup group, ChannelFactory<? extends Channel> channels, boolean ownsGroup,
                        AssociationOptions options) {
        this.group = group;
        this.channels = channels;
        this.ownsGroup = ownsGroup;
        this.options = options;
    }

    /** A client on an existing NIO event loop group; the group stays the caller's. */
    public static DicomClient create(EventLoopGroup group, AssociationOptions options) {
        return create(group, NioSocketChannel::new, options);
    }

    /**
     * A client on an existing event loop group (e.g. Vert.x's) with sockets from {@code channels}, which must be of the
     * group's kind (epoll sockets for an epoll group: Netty refuses the others); the group stays the caller's.
     */
    public static DicomClient create(EventLoopGroup group, ChannelFactory<? extends Channel> channels,
                                     AssociationOptions options) {
        return new DicomClient(group, channels, false, options);
    }

    /** A client with its own one-thread NIO event loop, shut down by {@link #close()}. */
    public static DicomClient create(AssociationOptions options) {
        return new DicomClient(new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory()), NioSocketChannel::new, true,
            options);
    }

    public CompletableFuture<Association> connect(String host, int port, AssociationRequest request) {
        ClientAssociation client = new ClientAssociation(options, ByteBufAllocator.DEFAULT);
        AssociationHandler handler = AssociationHandler.requestor(request.toPdu(), client, options);
        client.attach(handler);
        new Bootstrap()
            .group(group)
            .channelFactory(channels)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, options.artimTimeout().toMillis()))
            .option(ChannelOption.TCP_NODELAY, true)
            .handler(handler)
            .connect(host, port)
            .addListener(f -> {
                if (!f.isSuccess()) {
                    client.connected.completeExceptionally(f.cause());
                }
            });
        return client.connected;
    }

    @Override
    public void close() {
        if (ownsGroup) {
            group.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS);
        }
    }
}
