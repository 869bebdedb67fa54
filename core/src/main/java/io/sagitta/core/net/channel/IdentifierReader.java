package io.sagitta.core.net.channel;

import io.netty.buffer.ByteBuf;
import io.sagitta.core.data.Dataset;
import io.sagitta.core.data.TransferSyntax;
import io.sagitta.core.io.DatasetCollector;
import io.sagitta.core.io.DicomParser;
import io.sagitta.core.io.DicomParserOptions;
import io.sagitta.core.net.dimse.Status;
import io.sagitta.core.net.service.DimseException;

/**
 * Collects the identifier of a C-FIND, C-MOVE or C-GET request as its fragments arrive. An
 * identifier is small; one longer than {@link #MAX_IDENTIFIER} is refused without being kept.
 */
final class IdentifierReader {

    static final int MAX_IDENTIFIER = 1024 * 1024;

    private final DatasetCollector collector = new DatasetCollector(DatasetCollector.BulkValues.KEEP);
    private final DicomParser parser;
    private long received;
    private Throwable failure;

    IdentifierReader(TransferSyntax transferSyntax) {
        this.parser = new DicomParser(DicomParserOptions.create()
            .input(DicomParserOptions.Input.DATASET)
            .datasetSyntax(transferSyntax)
            .bulkThreshold(MAX_IDENTIFIER), collector);
    }

    /** Parses one fragment and releases it; after a failure, fragments are only released. */
    void feed(ByteBuf fragment) {
        try {
            if (failure == null) {
                received += fragment.readableBytes();
                if (received > MAX_IDENTIFIER) {
                    failure = new DimseException(Status.UNABLE_TO_PROCESS,
                        "identifier longer than " + MAX_IDENTIFIER + " bytes");
                    parser.close();
                } else {
                    parser.feed(fragment);
                }
            }
        } catch (RuntimeException e) {
            failure = e;
            parser.close();
        } finally {
            fragment.release();
        }
    }

    /** After the last fragment: null when the identifier is complete, else why it is not. */
    Throwable finish() {
        if (failure == null) {
            try {
                parser.finish();
            } catch (RuntimeException e) {
                failure = e;
            }
        }
        return failure;
    }

    Dataset identifier() {
        return collector.dataset();
    }

    /** The association ended first: drop what was collected. */
    void close() {
        parser.close();
    }
}
