package io.sagitta.dicomweb.wado;

import io.netty.buffer.ByteBuf;
import io.netty.channel.FileRegion;
import io.netty.util.ReferenceCounted;
import io.sagitta.dicomweb.http.SendFile;
import io.sagitta.storage.blob.BlobReadStream;
import io.sagitta.storage.blob.BlobStore;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.internal.buffer.BufferInternal;
import java.util.ArrayList;
import java.util.List;

/**
 * A response whose body is made of byte ranges of one blob (frames, bulk data values): one part as
 * the whole body, or parts of a {@code multipart/related}, each part a list of {offset, length}
 * ranges sent back to back.
 *
 * <p>Parts up to {@link #WHOLE_READ_LIMIT} are read whole, as many together as fit that limit, in
 * one task of the blob store ({@link BlobStore#readRangesOwned}, into pooled direct memory, released
 * once written) and written with their part heads
 * (each piece as it is: see {@link MultipartResponse#writeAll}); the next such batch is read while one
 * goes out. A streamed range costs a worker hand-off
 * per step and per chunk, each a wait for a core under load, which is what made small frames slow
 * at the tail. Bigger parts stream range by range with back-pressure, so memory stays at about two
 * batches. The first read happens before the head goes out, so a missing or damaged blob still
 * answers a clean error status; a response that fits one batch goes out with a Content-Length.
 *
 * <p>A response of one part of one range (a native frame, as a viewer asks for it) goes out as a file region
 * instead, sent by the kernel from the page cache, where the connection and the store allow it ({@link SendFile}).
 */
final class RangeResponse {

    /** Parts up to this size, and batches of parts up to this total, are read whole. */
    static final long WHOLE_READ_LIMIT = 4L * 1024 * 1024;

    /** Parts {@code [from, to)}: read whole together, or (one part) streamed. */
    private record Batch(int from, int to, boolean whole) {
    }

    private final BlobStore blobs;
    private final String key;
    private final HttpServerResponse response;
    private final SendFile sendFile;

    private RangeResponse(BlobStore blobs, String key, HttpServerResponse response, SendFile sendFile) {
        this.blobs = blobs;
        this.key = key;
        this.response = response;
        this.sendFile = sendFile;
    }

    /**
     * {@code ranges} of blob {@code key} as the whole body, of type {@code contentType}, with Content-Length;
     * {@code sendFile}: the response's, or null to send the bytes from buffers only.
     */
    static Future<Void> single(BlobStore blobs, String key, HttpServerResponse response, SendFile sendFile,
                               String contentType, List<long[]> ranges) {
        return new RangeResponse(blobs, key, response, sendFile).single(contentType, ranges);
    }

    /** {@code parts} of blob {@code key} as {@code multipart/related}, each part of type {@code partType}. */
    static Future<Void> multipart(BlobStore blobs, String key, HttpServerResponse response, SendFile sendFile,
                                  String partType, List<List<long[]>> parts) {
        return new RangeResponse(blobs, key, response, sendFile).multipart(partType, parts);
    }

    private Future<Void> single(String contentType, List<long[]> ranges) {
        long length = length(ranges);
        if (length <= WHOLE_READ_LIMIT) {
            return OwnedBuffers.readWhole(blobs, key, ranges, sendFile).compose(bytes -> OwnedBuffers.writeThenRelease(bytes,
                () -> {
                    head(contentType).putHeader("Content-Length", Long.toString(length));
                    if (bytes instanceof FileRegion region) {
                        response.writeHead(); // queued before the region: the head goes first
                        return sendFile.write(region).compose(v -> response.end());
                    }
                    return response.end(BufferInternal.buffer((ByteBuf) bytes));
                }));
        }
        long[] first = ranges.get(0);
        return blobs.get(key, first[0], first[1]).compose(opened -> {
            head(contentType).putHeader("Content-Length", Long.toString(length));
            return stream(ranges, opened).compose(v -> response.end());
        });
    }

    private Future<Void> multipart(String partType, List<List<long[]>> parts) {
        MultipartResponse multipart = new MultipartResponse(response);
        List<Batch> batches = batches(parts);
        Batch first = batches.get(0);
        if (first.whole()) {
            boolean alone = batches.size() == 1;
            return readFirst(parts, first, alone).compose(bytes -> {
                Future<ByteBuf> next = alone ? null : readIfWhole(parts, batches, 1);
                return OwnedBuffers.writeThenRelease(bytes, () -> {
                    if (bytes instanceof FileRegion region) {
                        return sendAlone(multipart, partType, region);
                    }
                    List<Buffer> body = withHeads(multipart, partType, parts, first, (ByteBuf) bytes);
                    if (alone) {
                        Buffer closing = multipart.closing();
                        long length = closing.length();
                        for (Buffer piece : body) {
                            length += piece.length();
                        }
                        head(multipart.contentType(FrameRoutes.OCTET_STREAM)).putHeader("Content-Length", Long.toString(length));
                        return MultipartResponse.writeAll(response, body).compose(v -> response.end(closing));
                    }
                    head(multipart.contentType(FrameRoutes.OCTET_STREAM)).setChunked(true);
                    return MultipartResponse.writeAll(response, body);
                })
                    .onFailure(e -> OwnedBuffers.releaseWhenRead(next))
                    .compose(v -> alone ? Future.succeededFuture() : send(multipart, partType, parts, batches, 1, next, null));
            });
        }
        long[] range = parts.get(first.from()).get(0);
        return blobs.get(key, range[0], range[1]).compose(opened -> {
            head(multipart.contentType(FrameRoutes.OCTET_STREAM)).setChunked(true);
            return send(multipart, partType, parts, batches, 0, null, opened).onFailure(e -> opened.close());
        });
    }

    /**
     * Sends batches from {@code index} on, then the closing delimiter. {@code ready}: the read of a
     * whole batch at {@code index}, already under way; {@code opened}: the first range of a streamed
     * one, already open.
     */
    private Future<Void> send(MultipartResponse multipart, String partType, List<List<long[]>> parts, List<Batch> batches,
                              int index, Future<ByteBuf> ready, BlobReadStream opened) {
        if (index == batches.size()) {
            return multipart.end();
        }
        Batch batch = batches.get(index);
        if (!batch.whole()) {
            return multipart.startPart(partType, null)
                .compose(v -> stream(parts.get(batch.from()), opened))
                .compose(v -> send(multipart, partType, parts, batches, index + 1, readIfWhole(parts, batches, index + 1), null));
        }
        return ready.compose(bytes -> {
            Future<ByteBuf> next = readIfWhole(parts, batches, index + 1); // read ahead while this batch goes out
            return OwnedBuffers.writeThenRelease(bytes,
                    () -> MultipartResponse.writeAll(response, withHeads(multipart, partType, parts, batch, bytes)))
                .onFailure(e -> OwnedBuffers.releaseWhenRead(next))
                .compose(v -> send(multipart, partType, parts, batches, index + 1, next, null));
        });
    }

    /** Consecutive parts grouped into whole reads of at most {@link #WHOLE_READ_LIMIT}; a bigger part alone, streamed. */
    private static List<Batch> batches(List<List<long[]>> parts) {
        List<Batch> batches = new ArrayList<>();
        int from = 0;
        long total = 0;
        for (int i = 0; i < parts.size(); i++) {
            long size = length(parts.get(i));
            if (size > WHOLE_READ_LIMIT || total + size > WHOLE_READ_LIMIT) {
                if (i > from) {
                    batches.add(new Batch(from, i, true));
                }
                from = i;
                total = 0;
            }
            if (size > WHOLE_READ_LIMIT) {
                batches.add(new Batch(i, i + 1, false));
                from = i + 1;
            } else {
                total += size;
            }
        }
        if (parts.size() > from) {
            batches.add(new Batch(from, parts.size(), true));
        }
        return batches;
    }

    /**
     * The first batch read whole: a file region when it is the response's only part and one range (a frame as a
     * viewer asks for it) and the response takes one, else a buffer.
     */
    private Future<ReferenceCounted> readFirst(List<List<long[]>> parts, Batch batch, boolean alone) {
        List<long[]> only = parts.get(batch.from());
        if (alone && batch.to() - batch.from() == 1 && only.size() == 1) {
            return OwnedBuffers.readWhole(blobs, key, only, sendFile);
        }
        return read(parts, batch).map(ReferenceCounted.class::cast);
    }

    /** The response's one part as its head, {@code region} and the closing delimiter, with a Content-Length. */
    private Future<Void> sendAlone(MultipartResponse multipart, String partType, FileRegion region) {
        Buffer partHead = multipart.partHead(partType, null);
        Buffer closing = multipart.closing();
        head(multipart.contentType(FrameRoutes.OCTET_STREAM))
            .putHeader("Content-Length", Long.toString(partHead.length() + region.count() + closing.length()));
        return sendFile.write(partHead, region).compose(v -> response.end(closing));
    }

    private Future<ByteBuf> readIfWhole(List<List<long[]>> parts, List<Batch> batches, int index) {
        return index < batches.size() && batches.get(index).whole() ? read(parts, batches.get(index)) : null;
    }

    private Future<ByteBuf> read(List<List<long[]>> parts, Batch batch) {
        List<long[]> ranges = new ArrayList<>();
        for (List<long[]> part : parts.subList(batch.from(), batch.to())) {
            ranges.addAll(part);
        }
        return blobs.readRangesOwned(key, ranges);
    }

    /** The batch's parts, each its head then its bytes (slices of {@code bytes}, which stay the caller's to release). */
    private static List<Buffer> withHeads(MultipartResponse multipart, String partType, List<List<long[]>> parts, Batch batch,
                                    ByteBuf bytes) {
        List<Buffer> pieces = new ArrayList<>(2 * (batch.to() - batch.from()));
        int at = 0;
        for (List<long[]> part : parts.subList(batch.from(), batch.to())) {
            int size = (int) length(part);
            pieces.add(multipart.partHead(partType, null));
            if (size > 0) {
                pieces.add(BufferInternal.buffer(bytes.slice(at, size)));
            }
            at += size;
        }
        return pieces;
    }

    /** Pipes {@code ranges} in turn into the response; {@code opened}, when given, is the first one already open. */
    private Future<Void> stream(List<long[]> ranges, BlobReadStream opened) {
        Future<Void> chain = Future.succeededFuture();
        for (int i = 0; i < ranges.size(); i++) {
            long[] r = ranges.get(i);
            Future<BlobReadStream> stream = i == 0 && opened != null ? Future.succeededFuture(opened) : null;
            chain = chain.compose(v -> (stream != null ? stream : blobs.get(key, r[0], r[1]))
                .compose(s -> MultipartResponse.pipe(s, response)));
        }
        return chain;
    }

    private HttpServerResponse head(String contentType) {
        return response.putHeader("Content-Type", contentType)
            .putHeader("Content-Encoding", "identity")
            .putHeader("Cache-Control", InstanceRoutes.CACHE_CONTROL);
    }

    private static long length(List<long[]> ranges) {
        long length = 0;
        for (long[] r : ranges) {
            length += r[1];
        }
        return length;
    }
}
