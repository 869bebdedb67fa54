package io.sagitta.storage.store;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.sagitta.core.data.Dataset;
import io.sagitta.core.data.Tag;
import io.sagitta.core.data.TransferSyntax;
import io.sagitta.core.io.DatasetCollector;
import io.sagitta.core.io.DicomParseException;
import io.sagitta.core.io.DicomParser;
import io.sagitta.core.io.DicomParserOptions;
import io.sagitta.core.io.Part10Writer;
import io.sagitta.storage.blob.BlobInfo;
import io.sagitta.storage.blob.BlobStore;
import io.sagitta.storage.blob.BlobUpload;
import io.sagitta.storage.index.InstanceIndex;
import io.sagitta.storage.index.InstanceRecord;
import io.sagitta.storage.index.StoredBlob;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.util.Objects;

/**
 * One instance on its way in (see {@link InstanceStore#begin}). Chunks are written one at a time:
 * call {@link #write} again only once the previous write's future has completed, then
 * {@link #finish()}, or {@link #abort()} to drop everything.
 *
 * <p>Each chunk is parsed as it passes (Pixel Data skipped, values above the bulk threshold only
 * referenced), so memory holds the instance's metadata, never its pixels.
 */
public final class InstanceWriter {

    /** Values above this stay out of the collected metadata (they are referenced, not kept). */
    private static final int BULK_THRESHOLD = 64 * 1024;

    private final BlobStore blobs;
    private final InstanceIndex index;
    private final String sopClassUid;
    private final String sopInstanceUid;
    private final TransferSyntax syntax;
    private final String expectedStudyUid;
    private final BlobUpload upload;
    private final DatasetCollector collector = new DatasetCollector(DatasetCollector.BulkValues.REFERENCE);
    private final DicomParser parser;
    private boolean headerWritten;
    private boolean closed;

    InstanceWriter(BlobStore blobs, InstanceIndex index, String key, String sopClassUid, String sopInstanceUid,
                   TransferSyntax syntax, String expectedStudyUid) {
        this.blobs = blobs;
        this.expectedStudyUid = expectedStudyUid;
        this.index = index;
        this.sopClassUid = sopClassUid;
        this.sopInstanceUid = sopInstanceUid;
        this.syntax = syntax;
        this.parser = new DicomParser(DicomParserOptions.create()
            .input(DicomParserOptions.Input.DATASET)
            .datasetSyntax(syntax)
            .pixelData(DicomParserOptions.PixelData.SKIP)
            .bulkThreshold(BULK_THRESHOLD), collector);
        this.upload = blobs.begin(key);
    }

    /**
     * Parses and writes the next chunk of dataset bytes. The buffer must not change until the
     * returned future completes (the blob store may read it later, off the event loop).
     *
     * @return fails with {@link DicomParseException} when the bytes are not DICOM
     */
    public Future<Void> write(Buffer chunk) {
        if (closed) {
            return Future.failedFuture(new IllegalStateException("instance writer is closed"));
        }
        try {
            parser.feed(((BufferInternal) chunk).getByteBuf());
        } catch (DicomParseException e) {
            return abort().transform(ignored -> Future.failedFuture(e));
        }
        return upload.write(withHeader(chunk));
    }

    /**
     * Completes the instance: checks it, makes the blob durable, then records it in the index.
     * If recording fails, the new blob is deleted (or left to the sweeper) and nothing is indexed.
     */
    public Future<StoredInstance> finish() {
        return finish(null);
    }

    /**
     * As {@link #write} of {@code last} (null: none) followed by {@link #finish()}, with the last bytes
     * and the commit in one step of the blob store. The buffer must not change until the returned
     * future completes.
     */
    public Future<StoredInstance> finish(Buffer last) {
        if (closed) {
            return Future.failedFuture(new IllegalStateException("instance writer is closed"));
        }
        Dataset dataset;
        try {
            if (last != null) {
                parser.feed(((BufferInternal) last).getByteBuf());
            }
            parser.finish();
            dataset = collector.dataset();
            checkIdentity(dataset);
        } catch (DicomParseException | InvalidInstanceException e) {
            return abort().transform(ignored -> Future.failedFuture(e));
        }
        closed = true;
        long started = System.nanoTime();
        Buffer rest = last != null ? withHeader(last) : headerWritten ? null : withHeader(Buffer.buffer());
        return (rest == null ? upload.commit() : upload.commit(rest))
            .compose(blob -> {
                long durable = System.nanoTime();
                return record(dataset, blob, durable - started)
                    .recover(failure -> blobs.delete(blob.key()).transform(ignored -> Future.failedFuture(failure)));
            });
    }

    /** Drops the instance: nothing of it becomes visible. Idempotent. */
    public Future<Void> abort() {
        if (closed) {
            return Future.succeededFuture();
        }
        closed = true;
        parser.close();
        return upload.abort();
    }

    private Future<StoredInstance> record(Dataset dataset, BlobInfo blob, long durableNanos) {
        InstanceRecord record = InstanceRecord.of(dataset, syntax.uid(),
            new StoredBlob(blob.key(), blob.size(), blob.checksum()));
        long started = System.nanoTime();
        return index.recordInstance(record).compose(result -> {
            StoredInstance stored = new StoredInstance(result, blob, durableNanos, System.nanoTime() - started);
            String obsolete = result.obsoleteBlobKey();
            if (obsolete == null) {
                return Future.succeededFuture(stored);
            }
            // The instance is stored whatever happens here: a blob nobody points at is an
            // orphan the sweeper removes later.
            return blobs.delete(obsolete).transform(ignored -> Future.succeededFuture(stored));
        });
    }

    /**
     * The chunk, preceded by the File Meta Information if it is the blob's first: one buffer (the two
     * wrapped, not copied), so that the header costs no write step of its own.
     */
    private Buffer withHeader(Buffer chunk) {
        if (headerWritten) {
            return chunk;
        }
        headerWritten = true;
        ByteBuf bytes = ((BufferInternal) chunk).getByteBuf();
        // (wrappedBuffer would release an empty component that the caller still owns)
        return BufferInternal.buffer(bytes.isReadable() ? Unpooled.wrappedBuffer(part10Header(), bytes) : part10Header());
    }

    private void checkIdentity(Dataset dataset) {
        String instance = dataset.getString(Tag.SOPInstanceUID);
        String sopClass = dataset.getString(Tag.SOPClassUID);
        if (!Objects.equals(instance, sopInstanceUid)) {
            throw new InvalidInstanceException("the dataset's SOP Instance UID " + instance
                + " is not the " + sopInstanceUid + " it was sent as");
        }
        if (!Objects.equals(sopClass, sopClassUid)) {
            throw new InvalidInstanceException("the dataset's SOP Class UID " + sopClass
                + " is not the " + sopClassUid + " it was sent as");
        }
        for (int tag : new int[] {Tag.StudyInstanceUID, Tag.SeriesInstanceUID}) {
            if (dataset.getString(tag) == null) {
                throw new InvalidInstanceException("the dataset has no "
                    + io.sagitta.core.data.ElementDictionary.keywordOf(tag));
            }
        }
        String study = dataset.getString(Tag.StudyInstanceUID);
        if (expectedStudyUid != null && !expectedStudyUid.equals(study)) {
            throw new InvalidInstanceException("the dataset's Study Instance UID " + study
                + " is not the study " + expectedStudyUid + " it was sent to");
        }
    }

    private ByteBuf part10Header() {
        ByteBuf header = Unpooled.buffer(512);
        Part10Writer.create().writeHeader(
            Part10Writer.fileMetaInformation(sopClassUid, sopInstanceUid, syntax), header);
        return header;
    }
}
