package io.sagitta.core.net.service;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.sagitta.core.data.TransferSyntax;
import io.sagitta.core.io.UncompressedTranscoder;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A {@link DatasetSource} re-encoded on the fly from one uncompressed transfer syntax to another (see
 * {@link UncompressedTranscoder}): each chunk pulled from the source is transcoded before it is handed on, so the
 * data set is never held whole. For a C-MOVE or C-GET sub-operation whose destination did not accept the stored
 * syntax but did accept implicit or explicit VR little endian.
 */
public final class TranscodingDatasetSource implements DatasetSource {

    private final DatasetSource source;
    private final UncompressedTranscoder transcoder;
    private boolean finished;
    private boolean closed;

    private TranscodingDatasetSource(DatasetSource source, UncompressedTranscoder transcoder) {
        this.source = source;
        this.transcoder = transcoder;
    }

    /** Takes over {@code source}, a data set in {@code from}, and gives it in {@code to}. */
    public static DatasetSource of(DatasetSource source, TransferSyntax from, TransferSyntax to,
                                   ByteBufAllocator alloc) {
        if (!UncompressedTranscoder.canTranscode(from.uid(), to.uid())) {
            source.close();
            throw new IllegalArgumentException("cannot transcode " + from + " to " + to);
        }
        return new TranscodingDatasetSource(source, UncompressedTranscoder.ofDataset(from, to, alloc));
    }

    @Override
    public CompletionStage<ByteBuf> read() {
        if (finished || closed) {
            return CompletableFuture.completedFuture(null);
        }
        return source.read().thenCompose(this::transcode);
    }

    /** Skips chunks that complete nothing (an element split across chunks) rather than handing on empty ones. */
    private CompletionStage<ByteBuf> transcode(ByteBuf chunk) {
        if (closed) {
            if (chunk != null) {
                chunk.release();
            }
            return CompletableFuture.completedFuture(null);
        }
        ByteBuf out;
        if (chunk == null) {
            finished = true;
            out = transcoder.finish();
            if (!out.isReadable()) {
                out.release();
                return CompletableFuture.completedFuture(null);
            }
            return CompletableFuture.completedFuture(out);
        }
        try {
            out = transcoder.feed(chunk);
        } finally {
            chunk.release();
        }
        if (out.isReadable()) {
            return CompletableFuture.completedFuture(out);
        }
        out.release();
        return read();
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            transcoder.close();
            source.close();
        }
    }
}
