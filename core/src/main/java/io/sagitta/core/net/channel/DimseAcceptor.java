package io.sagitta.core.net.channel;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.Channel;
import io.sagitta.core.net.assoc.AcceptorPolicy;
import io.sagitta.core.net.service.DimseServices;

/**
 * The acceptor side of the DIMSE door as Netty handlers: one {@link #newHandler()} per accepted connection,
 * on whatever event loop owns the channel (a plain {@code ServerBootstrap}, or a Vert.x {@code NetSocket}'s
 * pipeline). The policy, services, options and limiter are shared by every connection.
 *
 * <p>The maximum P-DATA-TF length advertised is the policy's, and enforced on input.
 */
public final class DimseAcceptor {

    private final AcceptorPolicy policy;
    private final DimseServices services;
    private final AssociationOptions options;
    private final AssociationLimiter limiter;

    private DimseAcceptor(AcceptorPolicy policy, DimseServices services, AssociationOptions options,
                          AssociationLimiter limiter) {
        this.policy = policy;
        this.services = services;
        this.options = options;
        this.limiter = limiter;
    }

    public static DimseAcceptor create(AcceptorPolicy policy, DimseServices services, AssociationOptions options,
                                       AssociationLimiter limiter) {
        return new DimseAcceptor(policy, services, options, limiter);
    }

    /** A handler for one connection; it consumes every inbound message and writes PDUs itself. */
    public ChannelHandler newHandler() {
        return AssociationHandler.acceptor(new AcceptorSide(policy, services, limiter), options, policy.maxPduLength());
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
