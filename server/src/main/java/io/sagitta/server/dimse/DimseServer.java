package io.sagitta.server.dimse;

import io.netty.channel.ChannelHandlerContext;
import io.sagitta.core.data.TransferSyntax;
import io.sagitta.core.data.UID;
import io.sagitta.core.data.UidDictionary;
import io.sagitta.core.net.assoc.AcceptorPolicy;
import io.sagitta.core.net.channel.AssociationLimiter;
import io.sagitta.core.net.channel.AssociationListener;
import io.sagitta.core.net.channel.AssociationOptions;
import io.sagitta.core.net.channel.DimseAcceptor;
import io.sagitta.core.net.service.DimseServices;
import io.sagitta.core.net.service.FindService;
import io.sagitta.core.net.service.GetService;
import io.sagitta.core.net.service.MoveService;
import io.sagitta.core.net.service.QueryRetrieveModel;
import io.sagitta.core.net.service.StoreService;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.Set;

/**
 * The DIMSE door on Vert.x event loops: a Vert.x {@link NetServer} accepts the connections, and the core's
 * association handler is put into each connection's Netty pipeline (through {@link NetSocketInternal}'s
 * {@code channelHandlerContext()}, just before Vert.x's own handler, so it sees every byte and Vert.x's
 * {@code NetSocket} sees none). This keeps Vert.x's acceptor, event loops and server sharing, and needs no
 * bootstrap of our own. With several event loops, one {@code NetServer} per loop shares the port (port 0
 * becomes -1: Vert.x's shared random port).
 *
 * <p>Presentation contexts accepted: Verification, and (when a {@link StoreService} is given) every standard
 * storage SOP class with every transfer syntax we can keep as it is, by our preference: implicit VR little
 * endian, explicit VR little endian, then any other the dictionary knows (big endian, deflated, and every
 * encapsulated syntax). The archive keeps the data set in the negotiated syntax, and its Part 10 File Meta
 * Information names that syntax. (dcmtk's storescu proposes one syntax per context, so the preference only
 * decides between contexts that carry several.) When a {@link FindService} is given, the Patient Root and Study
 * Root FIND SOP classes too, in explicit VR little endian (preferred: it keeps the VRs of keys we do not know),
 * implicit VR little endian, explicit VR big endian or deflated explicit VR little endian. When a
 * {@link MoveService} is given, the Patient Root and Study Root MOVE SOP classes likewise (without deflate); when
 * a {@link GetService} is given, their GET SOP classes, and every storage SOP class (every keepable transfer
 * syntax) with the SCP role allowed to the requestor, on which the instances go back.
 */
public final class DimseServer {

    private final Vertx vertx;
    private final DimseServerOptions options;
    private final DimseAcceptor acceptor;
    // Added to from every event loop at once while they start: a plain list could throw there and
    // leave the start hanging (seen once, MoveScpTest in a CI run).
    private final List<NetServer> servers = new CopyOnWriteArrayList<>();
    private int actualPort = -1;

    private DimseServer(Vertx vertx, DimseServerOptions options, DimseAcceptor acceptor) {
        this.vertx = vertx;
        this.options = options;
        this.acceptor = acceptor;
    }

    /**
     * @param store the C-STORE service, or null to serve Verification only
     */
    public static DimseServer create(Vertx vertx, DimseServerOptions options, StoreService store) {
        return create(vertx, options, store, null);
    }

    /**
     * @param store the C-STORE service, or null
     * @param find the C-FIND service (e.g. {@link IndexFindService}), or null not to serve C-FIND
     */
    public static DimseServer create(Vertx vertx, DimseServerOptions options, StoreService store, FindService find) {
        return create(vertx, options, store, find, null);
    }

    /**
     * @param move the C-MOVE service (e.g. {@link ArchiveRetrieveService}), or null not to serve C-MOVE
     */
    public static DimseServer create(Vertx vertx, DimseServerOptions options, StoreService store, FindService find,
                                     MoveService move) {
        return create(vertx, options, store, find, move, null);
    }

    /**
     * @param get the C-GET service (e.g. {@link ArchiveRetrieveService}), or null not to serve C-GET
     */
    public static DimseServer create(Vertx vertx, DimseServerOptions options, StoreService store, FindService find,
                                     MoveService move, GetService get) {
        return create(vertx, options, store, find, move, get, AssociationListener.NONE);
    }

    /** @param listener told when each association is established, rejected or closed (logs, metrics) */
    public static DimseServer create(Vertx vertx, DimseServerOptions options, StoreService store, FindService find,
                                     MoveService move, GetService get, AssociationListener listener) {
        AcceptorPolicy policy = policy(options, store != null, find != null, move != null, get != null);
        DimseServices services = DimseServices.create().store(store).find(find).move(move).get(get);
        AssociationOptions associationOptions = AssociationOptions.create()
            .idleTimeout(options.idleTimeout())
            .artimTimeout(options.artimTimeout())
            .maxPduLength(options.maxPduLength());
        return new DimseServer(vertx, options, DimseAcceptor.create(policy, services, associationOptions,
            AssociationLimiter.create(options.maxAssociations()), listener));
    }

    static AcceptorPolicy policy(DimseServerOptions options, boolean storage, boolean find) {
        return policy(options, storage, find, false, false);
    }

    static AcceptorPolicy policy(DimseServerOptions options, boolean storage, boolean find, boolean move, boolean get) {
        AcceptorPolicy policy = AcceptorPolicy.create()
            .acceptCalledAeTitle(options.aeTitle())
            .maxPduLength(options.maxPduLength());
        policy.support(UID.Verification, TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN.uid(),
            TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid(), TransferSyntax.EXPLICIT_VR_BIG_ENDIAN.uid());
        if (storage) {
            String[] syntaxes = keepableTransferSyntaxes();
            for (UidDictionary.Entry sopClass : UidDictionary.storageSopClasses()) {
                policy.support(sopClass.uid(), syntaxes);
            }
        }
        if (find) {
            for (QueryRetrieveModel model : QueryRetrieveModel.values()) {
                policy.support(model.findSopClass(), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid(),
                    TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN.uid(), TransferSyntax.EXPLICIT_VR_BIG_ENDIAN.uid(),
                    TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN.uid());
            }
        }
        for (QueryRetrieveModel model : QueryRetrieveModel.values()) {
            if (move) {
                policy.support(model.moveSopClass(), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid(),
                    TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN.uid(), TransferSyntax.EXPLICIT_VR_BIG_ENDIAN.uid());
            }
            if (get) {
                policy.support(model.getSopClass(), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid(),
                    TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN.uid(), TransferSyntax.EXPLICIT_VR_BIG_ENDIAN.uid());
            }
        }
        if (get) {
            // C-GET sends the instances back: the requestor may be storage SCP on this association.
            Set<String> storageClasses = new java.util.HashSet<>();
            String[] syntaxes = keepableTransferSyntaxes();
            for (UidDictionary.Entry sopClass : UidDictionary.storageSopClasses()) {
                storageClasses.add(sopClass.uid());
                if (!storage) {
                    policy.support(sopClass.uid(), syntaxes);
                }
            }
            policy.requestorScpRole(storageClasses::contains);
        }
        return policy;
    }

    /** Every transfer syntax whose data sets we store as received, in our order of preference. */
    static String[] keepableTransferSyntaxes() {
        Set<String> out = new LinkedHashSet<>();
        out.add(TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN.uid());
        out.add(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid());
        for (UidDictionary.Entry e : UidDictionary.entries()) {
            if (e.type().equals("Transfer Syntax")) {
                out.add(e.uid());
            }
        }
        return out.toArray(String[]::new);
    }

    /** Starts listening; completes with the actual port. */
    public Future<Integer> listen() {
        int port = options.port() == 0 && options.eventLoops() > 1 ? -1 : options.port();
        List<Future<NetServer>> started = new ArrayList<>();
        for (int i = 0; i < options.eventLoops(); i++) {
            ContextInternal context = ((VertxInternal) vertx).createEventLoopContext();
            Promise<NetServer> promise = context.promise();
            context.runOnContext(v -> {
                try {
                    NetServer server = vertx.createNetServer(new NetServerOptions()
                        .setHost(options.host()).setPort(port).setTcpNoDelay(true));
                    server.connectHandler(this::connected);
                    servers.add(server);
                    server.listen().onComplete(promise);
                } catch (RuntimeException e) {
                    promise.tryFail(e); // a start that cannot happen fails, it does not hang
                }
            });
            started.add(promise.future());
        }
        return Future.all(started).map(all -> {
            actualPort = started.get(0).result().actualPort();
            return actualPort;
        });
    }

    private void connected(NetSocket socket) {
        ChannelHandlerContext vertxHandler = ((NetSocketInternal) socket).channelHandlerContext();
        vertxHandler.pipeline().addBefore(vertxHandler.name(), "dimse", acceptor.newHandler());
    }

    public int actualPort() {
        return actualPort;
    }

    public String aeTitle() {
        return options.aeTitle();
    }

    public AssociationLimiter limiter() {
        return acceptor.limiter();
    }

    /**
     * Stops accepting associations and waits up to {@code grace} for the open ones to end (a peer
     * finishing its stores and releasing), then closes what is left.
     */
    public Future<Void> shutdown(Duration grace) {
        List<Future<Void>> closing = new ArrayList<>();
        for (NetServer server : servers) {
            closing.add(server.shutdown(grace));
        }
        return Future.all(closing).mapEmpty();
    }

    public Future<Void> close() {
        List<Future<Void>> closing = new ArrayList<>();
        for (NetServer server : servers) {
            closing.add(server.close());
        }
        return Future.all(closing).mapEmpty();
    }
}
