package io.sagitta.core.net.channel;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.Channel;
import io.sagitta.core.net.assoc.AcceptorPolicy;
import io.sagitta.core.net.service.DimseServices;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The acceptor side of the DIMSE door as Netty handlers: one {@link #newHandler()} per accepted connection,
 * on whatever event loop owns the channel (a plain {@code ServerBootstrap}, or a Vert.x {@code NetSocket}'s
 * pipeline). The policy, services, options and limiter are shared by every connection.
 *
 * <p>The maximum P-DATA-TF length advertised is the policy's, and enforced on input.
 *
 * <p>Each connection gets an id, {@code a-} and a number counted from 1 in this acceptor, which its
 * {@link io.sagitta.core.net.service.AssociationInfo} carries and the {@link AssociationListener} is told: short
 * enough to read in a log line, and unique for the life of the process.
 */
public final class DimseAcceptor {

    private final AcceptorPolicy policy;
    private final DimseServices services;
    private final AssociationOptions options;
    private final AssociationLimiter limiter;
    private final AssociationListener listener;
    private final AtomicLong connections = new AtomicLong();

    private DimseAcceptor(AcceptorPolicy policy, DimseServices services, AssociationOptions options,
                          AssociationLimiter limiter, AssociationListener listener) {
        this.policy = policy;
        this.services = services;
        this.options = options;
        this.limiter = limiter;
        this.listener = listener;
    }

    public static DimseAcceptor create(AcceptorPolicy policy, DimseServices services, AssociationOptions options,
                                       AssociationLimiter limiter) {
        return create(policy, services, options, limiter, AssociationListener.NONE);
    }

    /** @param listener told when each association is established, rejected or closed (on its event loop) */
    public static DimseAcceptor create(AcceptorPolicy policy, DimseServices services, AssociationOptions options,
                                       AssociationLimiter limiter, AssociationListener listener) {
        return new DimseAcceptor(policy, services, options, limiter, listener);
    }

    /** A handler for one connection; it consumes every inbound message and writes PDUs itself. */
    public ChannelHandler newHandler() {
        String id = "a-" + connections.incrementAndGet();
        return AssociationHandler.acceptor(new AcceptorSide(policy, services, limiter, id, listener), options,
            policy.maxPduLength());
    }

    /** A child handler for a {@code ServerBootstrap}. */
    public ChannelInitializer<Channel> initializer() {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast("dimse", newHandler());
            }
        };
    }

    public AssociationLimiter limiter() {
        return limiter;
    }

    public AcceptorPolicy policy() {
        return policy;
    }
}
