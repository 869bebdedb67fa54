package io.sagitta.core.io;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.sagitta.core.data.Dataset;
import io.sagitta.core.data.TransferSyntax;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * Encodes a {@link Dataset} in one transfer syntax (PS3.5 sections 7 and 10): implicit VR little
 * endian, explicit VR little or big endian, deflated explicit VR little endian, and the
 * encapsulated (compressed) syntaxes, which are explicit VR little endian with Pixel Data as
 * {@link io.sagitta.core.data.Fragments}.
 *
 * <p>Values are held little endian in the dataset; for big endian the writer swaps each binary
 * unit ({@link io.sagitta.core.data.VR#unitSize()}) on the way out, leaving the dataset as it
 * was. Odd-length values are padded with their VR's padding byte. Errors the caller can cause
 * (bulk data without a resolver, encapsulated data in implicit VR, a sequence too long for a
 * defined length) are {@link IllegalArgumentException}s; a failed write to a {@link ByteBuf}
 * leaves the buffer as it was.
 *
 * <p>Immutable and thread-safe; each call encodes independently.
 */
public final class DatasetWriter {

    private final TransferSyntax transferSyntax;
    private final DatasetWriterOptions options;

    private DatasetWriter(TransferSyntax transferSyntax, DatasetWriterOptions options) {
        this.transferSyntax = transferSyntax;
        this.options = new DatasetWriterOptions(options);
    }

    public static DatasetWriter create(TransferSyntax transferSyntax) {
        return new DatasetWriter(transferSyntax, new DatasetWriterOptions());
    }

    public static DatasetWriter create(TransferSyntax transferSyntax, DatasetWriterOptions options) {
        return new DatasetWriter(transferSyntax, options);
    }

    public TransferSyntax transferSyntax() {
        return transferSyntax;
    }

    /** Appends the encoded dataset to {@code out}; on failure {@code out} is left as it was. */
    public void write(Dataset dataset, ByteBuf out) {
        write(dataset, false, out);
    }

    /** The encoded dataset as a new array. */
    public byte[] toBytes(Dataset dataset) {
        ByteBuf buf = Unpooled.buffer(256);
        try {
            write(dataset, buf);
            return ByteBufUtil.getBytes(buf);
        } finally {
            buf.release();
        }
    }

    /**
     * Streams the encoded dataset to {@code out} through a small buffer, so the encoding is never
     * held whole in memory. {@code out} is neither flushed nor closed.
     */
    public void write(Dataset dataset, OutputStream out) throws IOException {
        write(dataset, false, out);
    }

    void write(Dataset dataset, boolean skipFileMeta, ByteBuf out) {
        int start = out.writerIndex();
        try {
            if (transferSyntax.deflated()) {
                write(dataset, skipFileMeta, new ByteBufOutputStream(out));
            } else {
                ByteSink sink = ByteSink.into(out, transferSyntax.bigEndian());
                new DatasetEncoder(sink, transferSyntax.explicitVR(), options).write(dataset, skipFileMeta);
            }
        } catch (IOException e) {
            out.writerIndex(start);
            // A ByteBuf does not fail to grow with an IOException; this is only the stream API's signature.
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            out.writerIndex(start);
            throw e;
        }
    }

    void write(Dataset dataset, boolean skipFileMeta, OutputStream out) throws IOException {
        if (!transferSyntax.deflated()) {
            encode(dataset, skipFileMeta, out);
            return;
        }
        // PS3.5 A.5: the dataset is deflated "raw" (RFC 1951), with no zlib header or checksum.
        Deflater deflater = new Deflater(options.deflateLevel(), true);
        try {
            DeflaterOutputStream deflating = new DeflaterOutputStream(out, deflater, ByteSink.STAGING_SIZE);
            encode(dataset, skipFileMeta, deflating);
            deflating.finish();
        } finally {
            deflater.end();
        }
    }

    private void encode(Dataset dataset, boolean skipFileMeta, OutputStream out) throws IOException {
        try (ByteSink sink = ByteSink.streaming(out, transferSyntax.bigEndian())) {
            new DatasetEncoder(sink, transferSyntax.explicitVR(), options).write(dataset, skipFileMeta);
            sink.flush();
        }
    }
}
