package io.sagitta.server.dimse;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.sagitta.core.data.Dataset;
import io.sagitta.core.io.Part10Writer;
import io.sagitta.core.net.service.DimseStatus;
import io.sagitta.core.net.service.StoreRequest;
import io.sagitta.core.net.service.StoreService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.AsynchronousFileChannel;
import java.nio.channels.CompletionHandler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A test-only C-STORE service: each instance becomes a Part 10 file (File Meta from the command's SOP class
 * and instance UIDs and the negotiated transfer syntax, then the data set bytes exactly as received), written
 * with an {@link AsynchronousFileChannel} fragment by fragment. It counts the bytes it holds at any moment
 * (received, not yet written) and remembers the most, to show that an instance streams through.
 */
final class TestPart10Store implements StoreService {

    final Path dir;
    final List<Path> stored = new CopyOnWriteArrayList<>();
    final AtomicInteger aborted = new AtomicInteger();
    final AtomicLong inFlight = new AtomicLong();
    final AtomicLong maxInFlight = new AtomicLong();
    final AtomicLong largestFragment = new AtomicLong();

    TestPart10Store(Path dir) {
        this.dir = dir;
    }

    @Override
    public StoreReceiver store(StoreRequest request) {
        Path part = dir.resolve(request.sopInstanceUid() + ".part");
        Path done = dir.resolve(request.sopInstanceUid() + ".dcm");
        AsynchronousFileChannel file;
        try {
            file = AsynchronousFileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] header = header(Part10Writer.fileMetaInformation(request.sopClassUid(), request.sopInstanceUid(),
            request.transferSyntax()));
        return new StoreReceiver() {
            private long position = header.length;
            private CompletableFuture<Void> ready = write(file, ByteBuffer.wrap(header), 0);

            @Override
            public CompletionStage<?> onData(ByteBuf fragment, boolean last) {
                int n = fragment.readableBytes();
                largestFragment.accumulateAndGet(n, Math::max);
                maxInFlight.accumulateAndGet(inFlight.addAndGet(n), Math::max);
                ByteBuffer bytes = fragment.nioBufferCount() == 1 ? fragment.nioBuffer()
                    : ByteBuffer.wrap(ByteBufUtil.getBytes(fragment));
                long at = position;
                position += n;
                ready = ready.thenCompose(v -> write(file, bytes, at)).whenComplete((v, e) -> {
                    inFlight.addAndGet(-n);
                    fragment.release();
                });
                return ready;
            }

            @Override
            public CompletionStage<DimseStatus> end() {
                try {
                    file.close();
                    Files.move(part, done, StandardCopyOption.REPLACE_EXISTING);
                    stored.add(done);
                    return CompletableFuture.completedFuture(DimseStatus.SUCCESS);
                } catch (IOException e) {
                    return CompletableFuture.failedFuture(e);
                }
            }

            @Override
            public void onAbort(Throwable cause) {
                aborted.incrementAndGet();
                ready.whenComplete((v, e) -> {
                    try {
                        file.close();
                        Files.deleteIfExists(part);
                    } catch (IOException ignored) {
                        // A test directory.
                    }
                });
            }
        };
    }

    /** Preamble, prefix and File Meta Information, nothing of the data set. */
    static byte[] header(Dataset meta) {
        ByteBuf buf = Unpooled.buffer();
        try {
            Part10Writer.create().write(meta, new Dataset(), buf);
            int groupLength = buf.getIntLE(140);
            return ByteBufUtil.getBytes(buf, 0, 144 + groupLength);
        } finally {
            buf.release();
        }
    }

    private static CompletableFuture<Void> write(AsynchronousFileChannel file, ByteBuffer bytes, long at) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        int start = bytes.position();
        file.write(bytes, at, null, new CompletionHandler<Integer, Object>() {
            @Override
            public void completed(Integer n, Object a) {
                if (bytes.hasRemaining()) {
                    file.write(bytes, at + bytes.position() - start, null, this);
                } else {
                    result.complete(null);
                }
            }

            @Override
            public void failed(Throwable e, Object a) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    static int littleEndianInt(byte[] b, int at) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getInt(at);
    }
}
