package io.sagitta.core.io;

import io.netty.buffer.Unpooled;
import io.sagitta.core.data.Dataset;
import io.sagitta.core.data.TransferSyntax;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Blocking convenience for reading whole DICOM files, for the command line and tests. Network and
 * storage code feeds a {@link DicomParser} directly instead and never blocks.
 */
public final class DicomFiles {

    /** A parsed file: its File Meta Information (null for a bare dataset), syntax and dataset. */
    public record Parsed(Dataset fileMeta, TransferSyntax transferSyntax, Dataset dataset) {
    }

    private DicomFiles() {
    }

    /** Reads a file, keeping every value (including Pixel Data) in memory. */
    public static Parsed read(Path file) throws IOException {
        return read(file, DicomParserOptions.create(), DatasetCollector.BulkValues.KEEP);
    }

    public static Parsed read(Path file, DicomParserOptions options, DatasetCollector.BulkValues bulk)
        throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, options, bulk);
        }
    }

    /** Reads a stream to its end (or to Pixel Data when the options say STOP) in 64 KiB steps. */
    public static Parsed read(InputStream in, DicomParserOptions options, DatasetCollector.BulkValues bulk)
        throws IOException {
        DatasetCollector collector = new DatasetCollector(bulk);
        DicomParser parser = new DicomParser(options, collector);
        byte[] buffer = new byte[64 * 1024];
        int n;
        while (!parser.isDone() && (n = in.read(buffer)) >= 0) {
            parser.feed(Unpooled.wrappedBuffer(buffer, 0, n));
        }
        parser.finish();
        TransferSyntax syntax = parser.transferSyntax();
        return new Parsed(parser.fileMeta(), syntax, collector.dataset());
    }

    /** Parses bytes already in memory, in one step. */
    public static Parsed parse(byte[] bytes, DicomParserOptions options, DatasetCollector.BulkValues bulk) {
        DatasetCollector collector = new DatasetCollector(bulk);
        DicomParser parser = new DicomParser(options, collector);
        parser.feed(Unpooled.wrappedBuffer(bytes));
        parser.finish();
        return new Parsed(parser.fileMeta(), parser.transferSyntax(), collector.dataset());
    }
}
