package io.sagitta.core.net.channel;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.sagitta.core.net.dimse.DimseCommand;
import io.sagitta.core.net.pdu.PDataFragmenter;
import io.sagitta.core.net.pdu.PDataTf;
import io.sagitta.core.net.service.DatasetSource;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;

/**
 * Sends DIMSE messages, one at a time and in order: the command set, then the data set pulled chunk by chunk
 * from its {@link DatasetSource} and cut into P-DATA-TF PDUs no longer than the peer accepts. The next chunk is
 * asked for only while the channel is writable, so a large instance streams through a bounded amount of
 * memory (the channel's high water mark plus one chunk). One chunk is held back so that the last PDV can be
 * flagged last.
 */
final class MessageWriter {

    private static final class Outgoing {
        final int context;
        final DimseCommand command;
        final DatasetSource data;
        final CompletableFuture<Void> done = new CompletableFuture<>();
        ByteBuf held;
        boolean reading;

        Outgoing(int context, DimseCommand command, DatasetSource data) {
            this.context = context;
            this.command = command;
            this.data = data;
        }
    }

    private final AssociationHandler association;
    private final ChannelHandlerContext ctx;
    private final PDataFragmenter fragmenter;
    private final ArrayDeque<Outgoing> queue = new ArrayDeque<>();
    private Outgoing current;
    private Throwable failed;

    MessageWriter(AssociationHandler association, ChannelHandlerContext ctx, PDataFragmenter fragmenter) {
        this.association = association;
        this.ctx = ctx;
        this.fragmenter = fragmenter;
    }

    /** True while a message is being written or waits to be. */
    boolean busy() {
        return current != null || !queue.isEmpty();
    }

    CompletableFuture<Void> send(int context, DimseCommand command, DatasetSource data) {
        if (failed != null) {
            if (data != null) {
                data.close();
            }
            return CompletableFuture.failedFuture(failed);
        }
        Outgoing out = new Outgoing(context, command, data);
        queue.add(out);
        pump();
        return out.done;
    }

    void writabilityChanged() {
        if (ctx.channel().isWritable()) {
            pump();
        }
    }

    private void pump() {
        while (failed == null) {
            if (current == null) {
                current = queue.poll();
                if (current == null) {
                    return;
                }
                ByteBuf encoded = current.command.encode(ctx.alloc());
                ChannelFuture written = write(current.context, true, encoded, true);
                if (current.data == null) {
                    complete(current, written);
                    current = null;
                    continue;
                }
            }
            if (current.reading) {
                return;
            }
            if (!ctx.channel().isWritable()) {
                return; // writabilityChanged() resumes
            }
            Outgoing out = current;
            out.reading = true;
            out.data.read().whenComplete((chunk, error) -> {
                try {
                    ctx.executor().execute(() -> onChunk(out, chunk, error));
                } catch (RejectedExecutionException shutDown) {
                    if (chunk != null) {
                        chunk.release();
                    }
                }
            });
            return;
        }
    }

    private void onChunk(Outgoing out, ByteBuf chunk, Throwable error) {
        out.reading = false;
        if (out != current || failed != null) {
            if (chunk != null) {
                chunk.release();
            }
            return;
        }
        if (error != null) {
            // Part of the data set is on the wire: the message cannot be finished, so the association goes.
            AssociationAbortedException cause = new AssociationAbortedException("data set source failed", null, error);
            association.abort(cause);
            fail(cause);
            return;
        }
        if (chunk == null) {
            ByteBuf last = out.held != null ? out.held : Unpooled.EMPTY_BUFFER;
            out.held = null;
            ChannelFuture written = write(out.context, false, last, true);
            out.data.close();
            complete(out, written);
            current = null;
        } else if (!chunk.isReadable()) {
            chunk.release();
        } else {
            if (out.held != null) {
                write(out.context, false, out.held, false);
            }
            out.held = chunk;
        }
        pump();
    }

    /** Fragments and writes {@code bytes} (releasing it); returns the future of the last PDU written. */
    private ChannelFuture write(int context, boolean command, ByteBuf bytes, boolean last) {
        List<PDataTf> pdus;
        try {
            pdus = fragmenter.fragment(context, command, bytes, last);
        } finally {
            bytes.release();
        }
        ChannelFuture future = null;
        for (int i = 0; i < pdus.size(); i++) {
            future = association.writePData(pdus.get(i), i == pdus.size() - 1);
        }
        return future;
    }

    private static void complete(Outgoing out, ChannelFuture written) {
        written.addListener(f -> {
            if (f.isSuccess()) {
                out.done.complete(null);
            } else {
                out.done.completeExceptionally(f.cause());
            }
        });
    }

    /** The association ended: drop everything not yet sent. */
    void fail(Throwable cause) {
        if (failed != null) {
            return;
        }
        failed = cause;
        if (current != null) {
            abandon(current, cause);
            current = null;
        }
        Outgoing out;
        while ((out = queue.poll()) != null) {
            abandon(out, cause);
        }
    }

    private static void abandon(Outgoing out, Throwable cause) {
        if (out.held != null) {
            out.held.release();
            out.held = null;
        }
        if (out.data != null) {
            out.data.close();
        }
        out.done.completeExceptionally(cause);
    }
}
