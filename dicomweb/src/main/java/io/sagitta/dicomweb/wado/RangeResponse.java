package io.sagitta.dicomweb.wado;

import io.netty.buffer.ByteBuf;
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

    private RangeResponse(BlobStore blobs, String key, HttpServerResponse response) {
        this.blobs = blobs;
        this.key = key;
        this.response = response;
    }

    /** {@code ranges} of blob {@code key} as the whole body, of type {@code contentType}, with Content-Length. */
    static Future<Void> single(BlobStore blobs, String key, HttpServerResponse response, String contentType,
                               List<long[]> ranges) {
        return new RangeResponse(blobs, key, response).single(contentType, ranges);
    }

    /** {@code parts} of blob {@code key} as {@code multipart/related}, each part of type {@code partType}. */
    static Future<Void> multipart(BlobStore blobs, String key, HttpServerResponse response, String partType,
                                  List<List<long[]>> parts) {
        return new RangeResponse(blobs, key, response).multipart(partType, parts);
    }

    private Future<Void> single(String contentType, List<long[]> ranges) {
        long length = length(ranges);
        if (length <= WHOLE_READ_LIMIT) {
            return blobs.readRangesOwned(key, ranges).compose(bytes -> OwnedBuffers.writeThenRelease(bytes, () -> {
                head(contentType).putHeader("Content-Length", Long.toString(length));
                return response.end(BufferInternal.buffer(bytes));
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
            return read(parts, first).compose(bytes -> {
                boolean alone = batches.size() == 1;
                Future<ByteBuf> next = alone ? null : readIfWhole(parts, batches, 1);
                return OwnedBuffers.writeThenRelease(bytes, () -> {
                    List<Buffer> body = withHeads(multipart, partType, parts, first, bytes);
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
