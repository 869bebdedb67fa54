package io.sagitta.core.net.channel;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.sagitta.core.net.service.DatasetSource;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.AsynchronousFileChannel;
import java.nio.channels.CompletionHandler;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The data set of a Part 10 file as a {@link DatasetSource}: the File Meta Information is read for the SOP
 * class, instance and transfer syntax, and the bytes after it are sent as they are, in chunks read with an
 * {@link AsynchronousFileChannel} (no event loop ever waits on the disk, and the file is never loaded whole).
 */
public final class Part10FileSource implements DatasetSource {

    /** How much of the file start is read for the File Meta Information. */
    private static final int HEADER_READ = 64 * 1024;
    private static final int CHUNK = 64 * 1024;

    private final AsynchronousFileChannel file;
    private final ByteBufAllocator alloc;
    private final String sopClassUid;
    private final String sopInstanceUid;
    private final String transferSyntaxUid;
    private final long datasetOffset;
    private final long end;
    private long position;

    private Part10FileSource(AsynchronousFileChannel file, ByteBufAllocator alloc, String sopClassUid,
                             String sopInstanceUid, String transferSyntaxUid, long datasetOffset, long end) {
        this.file = file;
        this.alloc = alloc;
        this.sopClassUid = sopClassUid;
        this.sopInstanceUid = sopInstanceUid;
        this.transferSyntaxUid = transferSyntaxUid;
        this.datasetOffset = datasetOffset;
        this.position = datasetOffset;
        this.end = end;
    }

    /** Opens a file and reads its File Meta Information; fails if it is not a Part 10 file. */
    public static CompletableFuture<Part10FileSource> open(Path path, ByteBufAllocator alloc) {
        AsynchronousFileChannel file;
        long size;
        try {
            file = AsynchronousFileChannel.open(path, StandardOpenOption.READ);
            size = file.size();
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
        ByteBuffer head = ByteBuffer.allocate((int) Math.min(HEADER_READ, size));
        CompletableFuture<Part10FileSource> result = new CompletableFuture<>();
        readFully(file, head, 0, new CompletionHandler<>() {
            @Override
            public void completed(Integer n, Object a) {
                try {
                    head.flip().order(ByteOrder.LITTLE_ENDIAN);
                    result.complete(parse(file, alloc, head, size, path));
                } catch (IOException | RuntimeException e) {
                    closeQuietly(file);
                    result.completeExceptionally(e);
                }
            }

            @Override
            public void failed(Throwable e, Object a) {
                closeQuietly(file);
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    private static void readFully(AsynchronousFileChannel file, ByteBuffer dst, long at,
                                  CompletionHandler<Integer, Object> done) {
        file.read(dst, at, null, new CompletionHandler<Integer, Object>() {
            @Override
            public void completed(Integer n, Object a) {
                if (n < 0 || !dst.hasRemaining()) {
                    done.completed(dst.position(), null);
                } else {
                    file.read(dst, at + dst.position(), null, this);
                }
            }

            @Override
            public void failed(Throwable e, Object a) {
                done.failed(e, null);
            }
        });
    }

    /** Preamble, "DICM", then group 0002 in explicit VR little endian until the first other group. */
    private static Part10FileSource parse(AsynchronousFileChannel file, ByteBufAllocator alloc, ByteBuffer b,
                                          long size, Path path) throws IOException {
        if (b.limit() < 132 || b.get(128) != 'D' || b.get(129) != 'I' || b.get(130) != 'C' || b.get(131) != 'M') {
            throw new IOException(path + " is not a DICOM Part 10 file");
        }
        String sopClass = null;
        String sopInstance = null;
        String ts = null;
        int pos = 132;
        while (pos + 8 <= b.limit() && Short.toUnsignedInt(b.getShort(pos)) == 0x0002) {
            int element = Short.toUnsignedInt(b.getShort(pos + 2));
            String vr = new String(new byte[] {b.get(pos + 4), b.get(pos + 5)}, StandardCharsets.US_ASCII);
            long length;
            int header;
            if (vr.matches("OB|OD|OF|OL|OV|OW|SQ|SV|UC|UN|UR|UT|UV")) {
                if (pos + 12 > b.limit()) {
                    break;
                }
                length = Integer.toUnsignedLong(b.getInt(pos + 8));
                header = 12;
            } else {
                length = Short.toUnsignedInt(b.getShort(pos + 6));
                header = 8;
            }
            if (pos + header + length > b.limit()) {
                throw new IOException(path + ": File Meta Information element (0002," + Integer.toHexString(element)
                    + ") runs past " + b.limit() + " bytes");
            }
            int value = pos + header;
            switch (element) {
                case 0x0002 -> sopClass = text(b, value, (int) length);
                case 0x0003 -> sopInstance = text(b, value, (int) length);
                case 0x0010 -> ts = text(b, value, (int) length);
                default -> {
                }
            }
            pos = value + (int) length;
        }
        if (sopClass == null || sopInstance == null || ts == null) {
            throw new IOException(path + ": File Meta Information lacks the SOP class, instance or transfer syntax UID");
        }
        return new Part10FileSource(file, alloc, sopClass, sopInstance, ts, pos, size);
    }

    private static String text(ByteBuffer b, int at, int length) {
        byte[] bytes = new byte[length];
        b.get(at, bytes);
        int n = length;
        while (n > 0 && (bytes[n - 1] == 0 || bytes[n - 1] == ' ')) {
            n--;
        }
        return new String(bytes, 0, n, StandardCharsets.US_ASCII);
    }

    public String sopClassUid() {
        return sopClassUid;
    }

    public String sopInstanceUid() {
        return sopInstanceUid;
    }

    public String transferSyntaxUid() {
        return transferSyntaxUid;
    }

    /** Where the data set starts in the file. */
    public long datasetOffset() {
        return datasetOffset;
    }

    @Override
    public CompletionStage<ByteBuf> read() {
        if (position >= end) {
            return CompletableFuture.completedFuture(null);
        }
        int n = (int) Math.min(CHUNK, end - position);
        ByteBuf chunk = alloc.directBuffer(n, n);
        CompletableFuture<ByteBuf> result = new CompletableFuture<>();
        try {
            file.read(chunk.nioBuffer(0, n), position, null, new CompletionHandler<Integer, Object>() {
                @Override
                public void completed(Integer read, Object a) {
                    if (read < 0) {
                        chunk.release();
                        result.completeExceptionally(new EOFException("file shorter than its size"));
                        return;
                    }
                    chunk.writerIndex(read);
                    position += read;
                    result.complete(chunk);
                }

                @Override
                public void failed(Throwable e, Object a) {
                    chunk.release();
                    result.completeExceptionally(e);
                }
            });
        } catch (RuntimeException e) {
            chunk.release();
            result.completeExceptionally(e);
        }
        return result;
    }

    @Override
    public void close() {
        closeQuietly(file);
    }

    private static void closeQuietly(AsynchronousFileChannel file) {
        try {
            file.close();
        } catch (IOException ignored) {
            // Nothing was written through it.
        }
    }
}
