package io.sagitta.core.io;

import io.sagitta.core.data.BulkData;
import java.util.function.Function;
import java.util.zip.Deflater;

/**
 * How a {@link DatasetWriter} encodes what the transfer syntax leaves open. Fluent setters; the
 * writer copies the values when it is created, so an options object can be reused and changed.
 */
public final class DatasetWriterOptions {

    private boolean definedLengthSequences;
    private boolean keepGroupLengths;
    private Function<BulkData, byte[]> bulkDataResolver;
    private int deflateLevel = Deflater.DEFAULT_COMPRESSION;

    public DatasetWriterOptions() {
    }

    public DatasetWriterOptions(DatasetWriterOptions other) {
        this.definedLengthSequences = other.definedLengthSequences;
        this.keepGroupLengths = other.keepGroupLengths;
        this.bulkDataResolver = other.bulkDataResolver;
        this.deflateLevel = other.deflateLevel;
    }

    /**
     * Whether sequences and items carry their length (true) or an undefined length closed by
     * delimitation items (false, the default). Undefined length is what most writers produce and
     * lets the encoder stream without a measuring pass; defined lengths suit readers that skip
     * sequences without parsing them.
     */
    public boolean definedLengthSequences() {
        return definedLengthSequences;
    }

    public DatasetWriterOptions definedLengthSequences(boolean defined) {
        this.definedLengthSequences = defined;
        return this;
    }

    /**
     * Whether group length elements (gggg,0000) are written as they are in the dataset. Default
     * false: outside the command (0000) and file meta (0002) groups they are retired (PS3.5
     * section 7.2) and are usually wrong once a dataset has been edited, so they are dropped.
     * Groups 0000 and 0002 are always written; their lengths are required where they are used.
     */
    public boolean keepGroupLengths() {
        return keepGroupLengths;
    }

    public DatasetWriterOptions keepGroupLengths(boolean keep) {
        this.keepGroupLengths = keep;
        return this;
    }

    /**
     * Supplies the bytes of values that are not held in memory ({@link BulkData}), little endian
     * like every value in a dataset. Null (the default) makes such values an error.
     */
    public Function<BulkData, byte[]> bulkDataResolver() {
        return bulkDataResolver;
    }

    public DatasetWriterOptions bulkDataResolver(Function<BulkData, byte[]> resolver) {
        this.bulkDataResolver = resolver;
        return this;
    }

    /** The {@link Deflater} level for the deflated transfer syntax (0-9, or -1 for zlib's default). */
    public int deflateLevel() {
        return deflateLevel;
    }

    public DatasetWriterOptions deflateLevel(int level) {
        if (level < Deflater.DEFAULT_COMPRESSION || level > Deflater.BEST_COMPRESSION) {
            throw new IllegalArgumentException("deflate level must be -1..9, not " + level);
        }
        this.deflateLevel = level;
        return this;
    }
}
