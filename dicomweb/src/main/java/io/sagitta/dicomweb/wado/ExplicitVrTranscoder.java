package io.sagitta.dicomweb.wado;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.sagitta.core.data.Dataset;
import io.sagitta.core.data.TransferSyntax;
import io.sagitta.core.io.DicomParseException;
import io.sagitta.core.io.Part10Writer;
import io.sagitta.core.io.UncompressedTranscoder;
import io.sagitta.storage.blob.BlobCorruptedException;
import io.sagitta.storage.blob.BlobReadStream;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.internal.buffer.BufferInternal;

/**
 * Rewrites a Part 10 file stored in implicit VR little endian as explicit VR little endian on the
 * way out, chunk by chunk, with core's {@link UncompressedTranscoder} (which DIMSE retrieval uses
 * too): each blob chunk is re-encoded and written to the response before the next chunk is read;
 * the blob pauses while the response's write queue is full. The File Meta Information is
 * Sagitta's, naming the new syntax.
 */
final class ExplicitVrTranscoder {

    /** Heap buffers, as Vert.x's HTTP response takes them best. */
    private static final UnpooledByteBufAllocator HEAP = new UnpooledByteBufAllocator(false);

    /** Whether a stored syntax can be sent as {@code target} by this transcoder. */
    static boolean canTranscode(String stored, String target) {
        return TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN.uid().equals(stored)
            && TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid().equals(target);
    }

    private ExplicitVrTranscoder() {
    }

    /** Sends {@code in} (implicit VR little endian Part 10) to {@code response} as explicit VR little endian. */
    static Future<Void> transcode(BlobReadStream in, HttpServerResponse response, String key, String sopClassUid,
                                  String sopInstanceUid) {
        byte[] header = Part10Writer.create().toBytes(Part10Writer.fileMetaInformation(sopClassUid, sopInstanceUid,
            TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN), new Dataset());
        UncompressedTranscoder transcoder = UncompressedTranscoder.ofPart10(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN,
            header, HEAP);
        Promise<Void> done = Promise.promise();
        in.exceptionHandler(done::tryFail);
        in.handler(chunk -> {
            if (done.future().isComplete()) {
                return;
            }
            ByteBuf out;
            try {
                out = transcoder.feed(((BufferInternal) chunk).getByteBuf());
            } catch (DicomParseException e) {
                done.tryFail(new BlobCorruptedException(key, "not readable as DICOM: " + e.getMessage()));
                return;
            }
            write(out, response, done);
            if (response.writeQueueFull()) {
                in.pause();
                response.drainHandler(v -> in.resume());
            }
        });
        in.endHandler(v -> {
            if (done.future().isComplete()) {
                return;
            }
            ByteBuf out;
            try {
                out = transcoder.finish();
            } catch (DicomParseException e) {
                done.tryFail(new BlobCorruptedException(key, "not readable as DICOM: " + e.getMessage()));
                return;
            }
            write(out, response, done);
            done.tryComplete();
        });
        return done.future().eventually(() -> {
            transcoder.close();
            return in.close();
        });
    }

    private static void write(ByteBuf written, HttpServerResponse response, Promise<Void> done) {
        if (written.isReadable()) {
            response.write(BufferInternal.buffer(written)).onFailure(done::tryFail);
        } else {
            written.release();
        }
    }
}
