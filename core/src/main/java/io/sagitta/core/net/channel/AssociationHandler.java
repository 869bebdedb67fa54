package io.sagitta.core.net.channel;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import io.sagitta.core.net.assoc.AssociationAction;
import io.sagitta.core.net.assoc.AssociationEvent;
import io.sagitta.core.net.assoc.AssociationState;
import io.sagitta.core.net.assoc.NegotiationResult;
import io.sagitta.core.net.assoc.Transition;
import io.sagitta.core.net.dimse.DimseCommand;
import io.sagitta.core.net.pdu.AAbort;
import io.sagitta.core.net.pdu.AAssociateAc;
import io.sagitta.core.net.pdu.AAssociateRj;
import io.sagitta.core.net.pdu.AAssociateRq;
import io.sagitta.core.net.pdu.AReleaseRp;
import io.sagitta.core.net.pdu.AReleaseRq;
import io.sagitta.core.net.pdu.InvalidPdu;
import io.sagitta.core.net.pdu.PDataFragmenter;
import io.sagitta.core.net.pdu.PDataTf;
import io.sagitta.core.net.pdu.Pdu;
import io.sagitta.core.net.pdu.PduDecoderOptions;
import io.sagitta.core.net.pdu.PduEncoder;
import io.sagitta.core.net.pdu.PresentationContextAc;
import io.sagitta.core.net.pdu.Pdv;
import io.sagitta.core.net.service.DatasetSource;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Runs one association on a channel, for either side: bytes in, PDUs decoded ({@link PduReader}), the PS3.8
 * state machine ({@link AssociationState}) driven by them and by local requests, and its actions carried out
 * here: A-ASSOCIATE-AC/RJ, release, A-ABORT, close, the ARTIM timer, the idle timer. P-DATA goes through a
 * {@link MessageAssembler} to the {@link AssociationUser}, and out through a {@link MessageWriter}.
 *
 * <p>Back-pressure: while a data handler's stage is outstanding nothing more is decoded and the channel's
 * autoRead is off; decoding resumes on the event loop when the stage completes.
 *
 * <p>A-ABORT sources: an abort this side decides for its own reasons (timeouts, a broken DIMSE message, a
 * local {@link #abort}) is sent with the service-user source; an abort caused by a PDU (invalid, or valid
 * but unexpected in the state) with the service-provider source and {@link AssociationAction#abortReason}
 * (the decoder's reason for an invalid PDU), also in Sta2, where PS3.8 names AA-1: the reason is only
 * significant with the provider source, and it is what tells the peer what was wrong.
 *
 * <p>Everything runs on the channel's event loop; no method blocks.
 */
final class AssociationHandler extends ChannelInboundHandlerAdapter {

    private static final System.Logger LOG = System.getLogger(AssociationHandler.class.getName());

    private final boolean requestor;
    private final AssociationOptions options;
    private final long ourMaxPdu;
    private final AssociationUser user;

    private ChannelHandlerContext ctx;
    private AssociationState state;
    private PduReader reader;
    private MessageAssembler assembler;
    private MessageWriter writer;
    private AAssociateRq rq;
    private AAssociateAc ac;
    private final ArrayDeque<Pdv> pendingPdvs = new ArrayDeque<>();
    private boolean started;
    private boolean waiting;
    private boolean draining;
    private boolean closed;
    private boolean released;
    private boolean dimseTornDown;
    private Throwable closeCause;
    private ScheduledFuture<?> artim;
    private ScheduledFuture<?> idle;
    private long lastActivity = System.nanoTime();

    private AssociationHandler(boolean requestor, AAssociateRq rq, AssociationUser user, AssociationOptions options,
                               long ourMaxPdu) {
        this.requestor = requestor;
        this.rq = rq;
        this.user = user;
        this.options = options;
        this.ourMaxPdu = ourMaxPdu;
        // A requestor's connect is AE-1 (Evt1 in Sta1), done by the bootstrap before the handler runs.
        this.state = requestor ? AssociationState.STA4 : AssociationState.STA1;
    }

    /** @param ourMaxPdu the maximum P-DATA-TF length the acceptor advertises, enforced on input (0: none) */
    static AssociationHandler acceptor(AssociationUser user, AssociationOptions options, long ourMaxPdu) {
        return new AssociationHandler(false, null, user, options, ourMaxPdu);
    }

    static AssociationHandler requestor(AAssociateRq rq, AssociationUser user, AssociationOptions options) {
        return new AssociationHandler(true, rq, user, options, rq.userInformation().maxPduLength());
    }

    // ------------------------------------------------------------------ what users see

    AAssociateRq request() {
        return rq;
    }

    AAssociateAc accept() {
        return ac;
    }

    SocketAddress remoteAddress() {
        return ctx.channel().remoteAddress();
    }

    EventExecutor executor() {
        return ctx.executor();
    }

    AssociationState state() {
        return state;
    }

    /** Sends a DIMSE message; completes once written. On the event loop only. */
    CompletableFuture<Void> send(int presentationContextId, DimseCommand command, DatasetSource data) {
        if (writer == null || closed) {
            if (data != null) {
                data.close();
            }
            return CompletableFuture.failedFuture(new AssociationAbortedException("association not established"));
        }
        return writer.send(presentationContextId, command, data);
    }

    /** A-RELEASE request (Evt11); the outcome shows in {@link AssociationUser#closed}. */
    void release() {
        if (state == AssociationState.STA6) {
            fire(AssociationEvent.EVT11);
        }
    }

    /** A-ABORT request (Evt15) from this side. */
    void abort(Throwable cause) {
        if (closed) {
            return;
        }
        if (closeCause == null) {
            closeCause = cause;
        }
        switch (state) {
            case STA1, STA2, STA4, STA13 -> close();
            default -> fire(AssociationEvent.EVT15);
        }
    }

    AssociationOptions options() {
        return options;
    }

    ScheduledFuture<?> schedule(Runnable task, Duration delay) {
        return ctx.executor().schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    // ------------------------------------------------------------------ channel events

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        long maxPData = ourMaxPdu == 0 ? PduDecoderOptions.MAX_LIMIT : Math.max(ourMaxPdu, 64);
        reader = new PduReader(PduDecoderOptions.create().maxPDataLength(maxPData)
            .maxAssociateLength(options.maxAssociateLength()), ctx.alloc());
        // Added to a live channel (e.g. a Vert.x NetSocket's pipeline): it is already connected.
        if (ctx.channel().isActive()) {
            start();
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        start();
        ctx.fireChannelActive();
    }

    private void start() {
        if (started) {
            return;
        }
        started = true;
        fire(requestor ? AssociationEvent.EVT2 : AssociationEvent.EVT5);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf in) || closed) {
            ReferenceCountUtil.release(msg);
            return;
        }
        lastActivity = System.nanoTime();
        reader.append(in);
        drain();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (writer != null) {
            writer.writabilityChanged();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (!closed) {
            closed = true;
            if (state != AssociationState.STA1) {
                Transition t = state.on(AssociationEvent.EVT17, requestor);
                state = t.next();
                if (t.action() == AssociationAction.AA_4 && closeCause == null) {
                    closeCause = new AssociationAbortedException("connection closed by the peer");
                }
            }
            cancel(artim);
            cancel(idle);
            reader.release();
            tearDownDimse(closeCause);
            user.closed(released && closeCause == null ? null
                : closeCause != null ? closeCause : new AssociationAbortedException("connection closed"));
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.log(System.Logger.Level.DEBUG, "association with " + ctx.channel().remoteAddress() + " failed", cause);
        abort(new AssociationAbortedException("channel failure", null, cause));
    }

    // ------------------------------------------------------------------ input

    /** Decodes and dispatches until bytes run out, a consumer asks to wait, or the association ends. */
    private void drain() {
        if (draining) {
            return;
        }
        draining = true;
        try {
            while (!waiting && !closed) {
                Pdv pdv = pendingPdvs.poll();
                if (pdv != null) {
                    deliver(pdv);
                    continue;
                }
                Pdu pdu = reader.next();
                if (pdu == null) {
                    break;
                }
                onPdu(pdu);
            }
        } finally {
            draining = false;
        }
        if (!closed) {
            ctx.channel().config().setAutoRead(!waiting);
        }
    }

    private void deliver(Pdv pdv) {
        if (state != AssociationState.STA6 && state != AssociationState.STA7) {
            pdv.release();
            return;
        }
        CompletionStage<?> stage;
        try {
            stage = assembler.onPdv(pdv);
        } catch (DimseProtocolException e) {
            LOG.log(System.Logger.Level.DEBUG, "DIMSE protocol error from " + remoteAddress() + ": " + e.getMessage());
            abort(new AssociationAbortedException("DIMSE protocol error: " + e.getMessage(), null, e));
            return;
        }
        if (stage == null || stage instanceof CompletableFuture<?> f && f.isDone()) {
            return;
        }
        waiting = true;
        stage.whenComplete((v, e) -> {
            try {
                ctx.executor().execute(this::resume);
            } catch (RejectedExecutionException shutDown) {
                // The event loop is gone, and the channel with it.
            }
        });
    }

    private void resume() {
        waiting = false;
        if (!closed) {
            drain();
        }
    }

    private void onPdu(Pdu pdu) {
        AssociationEvent event = AssociationEvent.received(pdu);
        NegotiationResult negotiation = null;
        if (event == AssociationEvent.EVT6 && state == AssociationState.STA2) {
            cancel(artim);
            rq = (AAssociateRq) pdu;
            negotiation = user.negotiate(rq);
        }
        Transition t = state.on(event, requestor, negotiation == null || negotiation instanceof NegotiationResult.Accepted);
        state = t.next();
        boolean consumed = perform(t.action(), event, pdu, negotiation);
        if (!consumed && pdu instanceof PDataTf data) {
            data.release();
        }
    }

    /** A local event (a primitive or the timer). */
    private void fire(AssociationEvent event) {
        Transition t = state.on(event, requestor);
        state = t.next();
        perform(t.action(), event, null, null);
    }

    /** Carries out an action of PS3.8 table 9-10; returns true when it took ownership of the PDU. */
    private boolean perform(AssociationAction action, AssociationEvent event, Pdu pdu, NegotiationResult negotiation) {
        switch (action) {
            case AE_2 -> {
                send(rq);
                startArtim();
            }
            case AE_3 -> {
                cancel(artim);
                ac = (AAssociateAc) pdu;
                String problem = user.checkAccept(ac);
                if (problem != null) {
                    abort(new AssociationAbortedException("unusable A-ASSOCIATE-AC: " + problem));
                } else {
                    established();
                }
            }
            case AE_4 -> {
                cancel(artim);
                closeCause = new AssociationRejectedException((AAssociateRj) pdu);
                user.rejected((AAssociateRj) pdu);
                close();
            }
            case AE_5 -> startArtim();
            case AE_6 -> {
                if (negotiation instanceof NegotiationResult.Accepted accepted) {
                    ac = accepted.pdu();
                    fire(AssociationEvent.EVT7);
                } else {
                    NegotiationResult.Rejected rejected = (NegotiationResult.Rejected) negotiation;
                    LOG.log(System.Logger.Level.DEBUG, "rejected " + rq.callingAeTitle() + " at " + remoteAddress()
                        + ": " + rejected.reason());
                    closeCause = new AssociationRejectedException(rejected.pdu());
                    send(rejected.pdu());
                    startArtim();
                }
            }
            case AE_7 -> {
                send(ac);
                established();
            }
            case DT_2, AR_6 -> {
                pendingPdvs.addAll(((PDataTf) pdu).pdvs());
                return true;
            }
            case AR_1 -> {
                send(AReleaseRq.INSTANCE);
                startArtim();
            }
            case AR_2 -> {
                // The peer releases: we answer at once (Evt14). Operations still running are abandoned.
                released = true;
                fire(AssociationEvent.EVT14);
            }
            case AR_3 -> {
                cancel(artim);
                released = true;
                close();
            }
            case AR_4 -> {
                tearDownDimse(new AssociationAbortedException("association released"));
                send(AReleaseRp.INSTANCE);
                startArtim();
            }
            case AR_5, AA_5 -> cancel(artim);
            case AR_8 -> {
                // Release collision: the requestor answers first (Sta9), the acceptor waits for its RP (Sta10).
                if (requestor) {
                    fire(AssociationEvent.EVT14);
                }
            }
            case AR_9 -> send(AReleaseRp.INSTANCE);
            case AR_10 -> fire(AssociationEvent.EVT14);
            case AA_1, AA_8 -> {
                AAbort abort = event == AssociationEvent.EVT15 ? AAbort.byUser()
                    : AAbort.byProvider(AssociationAction.abortReason(event, pdu instanceof InvalidPdu i ? i : null));
                if (closeCause == null) {
                    closeCause = new AssociationAbortedException(describe(event, pdu), abort, null);
                }
                LOG.log(System.Logger.Level.DEBUG, "aborting association with " + remoteAddress() + ": " + closeCause.getMessage());
                tearDownDimse(closeCause);
                send(abort);
                startArtim();
            }
            case AA_2 -> {
                cancel(artim);
                close();
            }
            case AA_3 -> {
                if (closeCause == null) {
                    closeCause = new AssociationAbortedException("aborted by the peer", (AAbort) pdu, null);
                }
                close();
            }
            case AA_4, AA_6 -> {
                // A-P-ABORT indication (reported in channelInactive) / PDU ignored.
            }
            case AA_7 -> send(AAbort.byProvider(AssociationAction.abortReason(event, pdu instanceof InvalidPdu i ? i : null)));
            default -> throw new IllegalStateException(action + " is not performed by the handler");
        }
        return false;
    }

    private static String describe(AssociationEvent event, Pdu pdu) {
        if (pdu instanceof InvalidPdu invalid) {
            return "invalid PDU: " + invalid.message();
        }
        return pdu == null ? "aborted locally" : "unexpected " + pdu.getClass().getSimpleName() + " (" + event + ")";
    }

    private void established() {
        long peerMax = requestor ? ac.userInformation().maxPduLength() : rq.userInformation().maxPduLength();
        PDataFragmenter fragmenter;
        try {
            fragmenter = new PDataFragmenter(peerMax, options.sendCap());
        } catch (IllegalArgumentException e) {
            abort(new AssociationAbortedException("peer maximum PDU length " + peerMax + " is unusable"));
            return;
        }
        assembler = new MessageAssembler(ctx.alloc(), options.maxCommandLength(), this::acceptedContext, user::onCommand);
        writer = new MessageWriter(this, ctx, fragmenter);
        if (!options.idleTimeout().isZero()) {
            idle = schedule(this::checkIdle, options.idleTimeout());
        }
        user.established(this);
    }

    private boolean acceptedContext(int id) {
        PresentationContextAc pc = ac.presentationContext(id);
        return pc != null && pc.isAccepted() && rq.presentationContext(id) != null;
    }

    // ------------------------------------------------------------------ output

    private void send(Pdu pdu) {
        lastActivity = System.nanoTime();
        ctx.writeAndFlush(PduEncoder.encode(pdu, ctx.alloc()));
    }

    /** P-DATA-TF from the writer (Evt9: DT-1 in Sta6). Takes ownership of {@code pdu}. */
    ChannelFuture writePData(PDataTf pdu, boolean flush) {
        if (closed || state != AssociationState.STA6) {
            pdu.release();
            return ctx.newFailedFuture(new AssociationAbortedException("association not established (" + state + ")"));
        }
        ByteBuf encoded;
        try {
            encoded = PduEncoder.encode(pdu, ctx.alloc());
        } finally {
            pdu.release();
        }
        lastActivity = System.nanoTime();
        return flush ? ctx.writeAndFlush(encoded) : ctx.write(encoded);
    }

    void touch() {
        lastActivity = System.nanoTime();
    }

    private void close() {
        cancel(artim);
        ctx.close();
    }

    private void tearDownDimse(Throwable cause) {
        if (dimseTornDown) {
            return;
        }
        dimseTornDown = true;
        Throwable why = cause != null ? cause : new AssociationAbortedException("association ended");
        Pdv pdv;
        while ((pdv = pendingPdvs.poll()) != null) {
            pdv.release();
        }
        if (assembler != null) {
            assembler.abort(why);
        }
        if (writer != null) {
            writer.fail(why);
        }
    }

    // ------------------------------------------------------------------ timers

    private void startArtim() {
        cancel(artim);
        artim = schedule(this::artimExpired, options.artimTimeout());
    }

    private void artimExpired() {
        artim = null;
        if (closed) {
            return;
        }
        if (state == AssociationState.STA2 || state == AssociationState.STA13) {
            if (closeCause == null && state == AssociationState.STA2) {
                closeCause = new AssociationAbortedException("no A-ASSOCIATE-RQ within " + options.artimTimeout());
            }
            fire(AssociationEvent.EVT18);
        } else {
            // Our own use of the timer: no A-ASSOCIATE-AC (Sta5) or A-RELEASE-RP (Sta7) in time.
            if (closeCause == null) {
                closeCause = new AssociationAbortedException("no answer from the peer within " + options.artimTimeout());
            }
            tearDownDimse(closeCause);
            send(AAbort.byUser());
            close();
        }
    }

    private void checkIdle() {
        idle = null;
        if (closed || state != AssociationState.STA6) {
            return;
        }
        long timeout = options.idleTimeout().toNanos();
        long quiet = System.nanoTime() - lastActivity;
        // Bytes still waiting for the socket mean the peer reads nothing: an operation in progress does not keep
        // such an association alive, since it waits on the peer (a C-FIND held back this way holds a database
        // connection of a small pool, and a few such peers must not starve the archive).
        Channel channel = ctx.channel();
        boolean stuckOnPeer = !channel.isWritable()
            || channel.bytesBeforeUnwritable() < channel.config().getWriteBufferHighWaterMark();
        boolean busy = !stuckOnPeer && (waiting || user.busy() || assembler.receivingData() || writer.busy());
        if (busy || quiet < timeout) {
            idle = ctx.executor().schedule(this::checkIdle, busy ? timeout : timeout - quiet, TimeUnit.NANOSECONDS);
            return;
        }
        abort(new AssociationAbortedException(stuckOnPeer ? "the peer read nothing for " + options.idleTimeout()
            : "idle for " + options.idleTimeout()));
    }

    private static void cancel(ScheduledFuture<?> timer) {
        if (timer != null) {
            timer.cancel(false);
        }
    }
}
