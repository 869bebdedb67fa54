package io.sagitta.core.io;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.sagitta.core.data.Dataset;
import io.sagitta.core.data.Tag;
import io.sagitta.core.data.Tags;
import io.sagitta.core.data.TransferSyntax;
import io.sagitta.core.data.VR;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * Writes DICOM files (PS3.10 section 7.1): a 128-byte preamble of zeros, the "DICM" prefix, the
 * File Meta Information (group 0002, always explicit VR little endian, led by its group length),
 * then the dataset in the transfer syntax the meta information names, deflated if that syntax is.
 *
 * <p>The File Meta Information is either given or built by {@link #fileMetaInformation}. Either
 * way (0002,0000) is computed here, and group 0002 elements found in the dataset itself are not
 * written: the meta information alone describes the file.
 */
public final class Part10Writer {

    /**
     * Sagitta's Implementation Class UID (PS3.7 D.3.3.2), identifying the software that wrote a
     * file. A UUID-derived UID (PS3.5 B.2): "2.25." followed by the decimal value of the random
     * UUID 42541c51-3c42-4d06-9de6-1d8994ef4a28, drawn once. It needs no registered root, and it
     * changes only if the encoding ever changes in a way a reader must know about.
     */
    public static final String IMPLEMENTATION_CLASS_UID = "2.25.88165775001520692472283772309554022952";
    /** The (0002,0013) Implementation Version Name (SH, at most 16 characters) that goes with it. */
    public static final String IMPLEMENTATION_VERSION_NAME = "SAGITTA_0_1";

    private static final int PREAMBLE_LENGTH = 128;
    private static final byte[] PREFIX = {'D', 'I', 'C', 'M'};
    /** (0002,0001) File Meta Information Version: OB 00\01, the only version PS3.10 defines. */
    private static final byte[] FILE_META_VERSION = {0x00, 0x01};

    private final DatasetWriterOptions options;

    private Part10Writer(DatasetWriterOptions options) {
        this.options = new DatasetWriterOptions(options);
    }

    public static Part10Writer create() {
        return new Part10Writer(new DatasetWriterOptions());
    }

    /** The options shape the dataset (sequence lengths, group lengths, bulk data, deflate level). */
    public static Part10Writer create(DatasetWriterOptions options) {
        return new Part10Writer(options);
    }

    /**
     * File Meta Information for {@code dataset}: the Media Storage SOP Class and Instance UIDs are
     * its SOP Class UID (0008,0016) and SOP Instance UID (0008,0018), which must be present.
     */
    public static Dataset fileMetaInformation(Dataset dataset, TransferSyntax transferSyntax) {
        String sopClass = dataset.getString(Tag.SOPClassUID);
        String sopInstance = dataset.getString(Tag.SOPInstanceUID);
        if (sopClass == null || sopInstance == null) {
            throw new IllegalArgumentException("the dataset has no SOP Class UID (0008,0016) or SOP Instance UID"
                + " (0008,0018); give the Media Storage SOP Class and Instance UIDs explicitly");
        }
        return fileMetaInformation(sopClass, sopInstance, transferSyntax);
    }

    /** File Meta Information naming Sagitta as the implementation that wrote the file. */
    public static Dataset fileMetaInformation(String sopClassUid, String sopInstanceUid, TransferSyntax transferSyntax) {
        Dataset meta = new Dataset(8);
        meta.setBytes(Tag.FileMetaInformationVersion, VR.OB, FILE_META_VERSION.clone());
        meta.setString(Tag.MediaStorageSOPClassUID, VR.UI, sopClassUid);
        meta.setString(Tag.MediaStorageSOPInstanceUID, VR.UI, sopInstanceUid);
        meta.setString(Tag.TransferSyntaxUID, VR.UI, transferSyntax.uid());
        meta.setString(Tag.ImplementationClassUID, VR.UI, IMPLEMENTATION_CLASS_UID);
        meta.setString(Tag.ImplementationVersionName, VR.SH, IMPLEMENTATION_VERSION_NAME);
        return meta;
    }

    /** Appends a file holding {@code dataset} in {@code transferSyntax}; on failure {@code out} is left as it was. */
    public void write(Dataset dataset, TransferSyntax transferSyntax, ByteBuf out) {
        write(fileMetaInformation(dataset, transferSyntax), dataset, out);
    }

    /** Appends a file with the given File Meta Information, whose (0002,0010) says how to encode the dataset. */
    public void write(Dataset fileMeta, Dataset dataset, ByteBuf out) {
        DatasetWriter body = bodyWriter(fileMeta);
        int start = out.writerIndex();
        try {
            writeHeader(fileMeta, out);
            body.write(dataset, true, out);
        } catch (RuntimeException e) {
            out.writerIndex(start);
            throw e;
        }
    }

    public byte[] toBytes(Dataset dataset, TransferSyntax transferSyntax) {
        return toBytes(fileMetaInformation(dataset, transferSyntax), dataset);
    }

    public byte[] toBytes(Dataset fileMeta, Dataset dataset) {
        ByteBuf buf = Unpooled.buffer(1024);
        try {
            write(fileMeta, dataset, buf);
            return ByteBufUtil.getBytes(buf);
        } finally {
            buf.release();
        }
    }

    /**
     * Streams a file to {@code out} through a small buffer; {@code out} is neither flushed nor
     * closed. A failure part way leaves a partial file behind, so write to a temporary file and
     * move it into place.
     */
    public void write(Dataset dataset, TransferSyntax transferSyntax, OutputStream out) throws IOException {
        write(fileMetaInformation(dataset, transferSyntax), dataset, out);
    }

    public void write(Dataset fileMeta, Dataset dataset, OutputStream out) throws IOException {
        DatasetWriter body = bodyWriter(fileMeta);
        // The header is small and must be complete before anything reaches the stream.
        ByteBuf header = Unpooled.buffer(PREAMBLE_LENGTH + 256);
        try {
            writeHeader(fileMeta, header);
            header.readBytes(out, header.readableBytes());
        } finally {
            header.release();
        }
        body.write(dataset, true, out);
    }

    private DatasetWriter bodyWriter(Dataset fileMeta) {
        String uid = fileMeta.getString(Tag.TransferSyntaxUID);
        if (uid == null) {
            throw new IllegalArgumentException("the File Meta Information has no Transfer Syntax UID (0002,0010)");
        }
        return DatasetWriter.create(TransferSyntax.of(uid), options);
    }

    /**
     * Appends only the preamble, "DICM" and the File Meta Information group: the start of a file
     * whose dataset follows as bytes already encoded in the syntax the meta names (what the archive
     * does with a received instance, keeping its original bytes).
     */
    public void writeHeader(Dataset fileMeta, ByteBuf out) {
        Dataset elements = new Dataset(fileMeta.size());
        for (int i = 0; i < fileMeta.size(); i++) {
            int tag = fileMeta.tagAt(i);
            if (Tags.group(tag) != 0x0002) {
                throw new IllegalArgumentException("File Meta Information holds group 0002 only, not "
                    + Tags.toString(tag));
            }
            if (tag != Tag.FileMetaInformationGroupLength) {
                elements.setValue(tag, fileMeta.vrAt(i), fileMeta.valueAt(i));
            }
        }
        ByteBuf encoded = Unpooled.buffer(256);
        try {
            new DatasetEncoder(ByteSink.into(encoded, false), true, options).write(elements, false);
            out.writeZero(PREAMBLE_LENGTH);
            out.writeBytes(PREFIX);
            // (0002,0000) UL, explicit VR little endian: tag, "UL", 16-bit length 4, the value.
            out.writeShortLE(0x0002).writeShortLE(0x0000).writeShort(VR.UL.code).writeShortLE(4);
            out.writeIntLE(encoded.readableBytes());
            out.writeBytes(encoded);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            encoded.release();
        }
    }
}
