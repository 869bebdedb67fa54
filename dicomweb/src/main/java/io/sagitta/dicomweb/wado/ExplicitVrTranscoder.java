package io.sagitta.dicomweb.wado;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.sagitta.core.data.Dataset;
import io.sagitta.core.data.TransferSyntax;
import io.sagitta.core.data.VR;
import io.sagitta.core.io.DicomParseException;
import io.sagitta.core.io.DicomParser;
import io.sagitta.core.io.DicomParserOptions;
import io.sagitta.core.io.DicomStreamHandler;
import io.sagitta.core.io.Part10Writer;
import io.sagitta.storage.blob.BlobCorruptedException;
import io.sagitta.storage.blob.BlobReadStream;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.internal.buffer.BufferInternal;

/**
 * Rewrites a Part 10 file stored in implicit VR little endian as explicit VR little endian on the
 * way out, chunk by chunk: each blob chunk is parsed, its elements re-encoded with the VRs the
 * parser took from the dictionary (UN for unknown tags), and written to the response before the
 * next chunk is read; the blob pauses while the response's write queue is full. Sequences and
 * items are written with undefined length (their lengths would need the whole of them first);
 * a value too long for a short-header VR is written as UN. Pixel Data streams through in chunks.
 * The File Meta Information is Sagitta's, naming the new syntax.
 */
final class ExplicitVrTranscoder implements DicomStreamHandler {

    private static final int ITEM = 0xFFFEE000;
    private static final int ITEM_DELIMITATION = 0xFFFEE00D;
    private static final int SEQUENCE_DELIMITATION = 0xFFFEE0DD;

    /** Whether a stored syntax can be sent as {@code target} by this transcoder. */
    static boolean canTranscode(String stored, String target) {
        return TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN.uid().equals(stored)
            && TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid().equals(target);
    }

    private final String sopClassUid;
    private final String sopInstanceUid;
    private ByteBuf out;

    private ExplicitVrTranscoder(String sopClassUid, String sopInstanceUid) {
        this.sopClassUid = sopClassUid;
        this.sopInstanceUid = sopInstanceUid;
    }

    /** Sends {@code in} (implicit VR little endian Part 10) to {@code response} as explicit VR little endian. */
    static Future<Void> transcode(BlobReadStream in, HttpServerResponse response, String key, String sopClassUid,
                                  String sopInstanceUid) {
        ExplicitVrTranscoder transcoder = new ExplicitVrTranscoder(sopClassUid, sopInstanceUid);
        DicomParser parser = new DicomParser(DicomParserOptions.create().input(DicomParserOptions.Input.PART10)
            .pixelData(DicomParserOptions.PixelData.STREAM), transcoder);
        Promise<Void> done = Promise.promise();
        in.exceptionHandler(done::tryFail);
        in.handler(chunk -> {
            if (done.future().isComplete()) {
                return;
            }
            transcoder.out = Unpooled.buffer(chunk.length() + 256);
            try {
                parser.feed(((BufferInternal) chunk).getByteBuf());
            } catch (DicomParseException e) {
                transcoder.out.release();
                done.tryFail(new BlobCorruptedException(key, "not readable as DICOM: " + e.getMessage()));
                return;
            }
            transcoder.flush(response, done);
            if (response.writeQueueFull()) {
                in.pause();
                response.drainHandler(v -> in.resume());
            }
        });
        in.endHandler(v -> {
            if (done.future().isComplete()) {
                return;
            }
            transcoder.out = Unpooled.buffer(256);
            try {
                parser.finish();
            } catch (DicomParseException e) {
                transcoder.out.release();
                done.tryFail(new BlobCorruptedException(key, "not readable as DICOM: " + e.getMessage()));
                return;
            }
            transcoder.flush(response, done);
            done.tryComplete();
        });
        return done.future().eventually(() -> {
            parser.close();
            return in.close();
        });
    }

    private void flush(HttpServerResponse response, Promise<Void> done) {
        ByteBuf written = out;
        out = null;
        if (written.isReadable()) {
            response.write(BufferInternal.buffer(written)).onFailure(done::tryFail);
        } else {
            written.release();
        }
    }

    @Override
    public void datasetStart(Dataset fileMeta, TransferSyntax syntax) {
        byte[] header = Part10Writer.create().toBytes(
            Part10Writer.fileMetaInformation(sopClassUid, sopInstanceUid, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN), new Dataset());
        out.writeBytes(header);
    }

    @Override
    public void element(int tag, VR vr, ByteBuf value) {
        if (tag >>> 16 == 0x0002) {
            return;
        }
        header(tag, vr, value.readableBytes());
        out.writeBytes(value, value.readerIndex(), value.readableBytes());
    }

    @Override
    public void valueStart(int tag, VR vr, long length, long offset, boolean skipped) {
        header(tag, vr, length);
    }

    @Override
    public void valueChunk(ByteBuf chunk) {
        out.writeBytes(chunk, chunk.readerIndex(), chunk.readableBytes());
    }

    @Override
    public void sequenceStart(int tag, VR vr, long length) {
        // UN of undefined length arrives here parsed as items: written as the sequence it is.
        tag(tag);
        out.writeShort(VR.SQ.code).writeShort(0).writeIntLE(-1);
    }

    @Override
    public void itemStart(long length) {
        tag(ITEM);
        out.writeIntLE(-1);
    }

    @Override
    public void itemEnd() {
        tag(ITEM_DELIMITATION);
        out.writeIntLE(0);
    }

    @Override
    public void sequenceEnd() {
        tag(SEQUENCE_DELIMITATION);
        out.writeIntLE(0);
    }

    @Override
    public void fragmentsStart(int tag, VR vr, long offset) {
        throw new DicomParseException("encapsulated Pixel Data in an implicit VR little endian file", offset);
    }

    private void tag(int tag) {
        out.writeShortLE(tag >>> 16).writeShortLE(tag & 0xFFFF);
    }

    private void header(int tag, VR vr, long length) {
        if (!vr.hasLongHeader() && length > 0xFFFF) {
            vr = VR.UN;
        }
        tag(tag);
        out.writeShort(vr.code);
        if (vr.hasLongHeader()) {
            out.writeShort(0).writeIntLE((int) length);
        } else {
            out.writeShortLE((int) length);
        }
    }
}
