package io.sagitta.core.io;

import io.sagitta.core.data.TransferSyntax;

/**
 * How a {@link DicomParser} reads: what input to expect, what to do with Pixel Data, and the limits
 * that keep hostile input from costing memory. Checked once, when the parser is made.
 */
public final class DicomParserOptions {

    /** What the input starts with. */
    public enum Input {
        /** A Part 10 file: 128-byte preamble, "DICM", File Meta Information, dataset. */
        PART10,
        /** A dataset with no preamble or meta information, in {@link #datasetSyntax()}. */
        DATASET,
        /** Either: a Part 10 file, a meta group without preamble, or a bare dataset whose syntax is guessed. */
        AUTO
    }

    /** What to do with top-level Pixel Data (icon images inside sequences are always read). */
    public enum PixelData {
        /** Pass it on in chunks. */
        STREAM,
        /** Skip its bytes, reporting only where it is; carry on with the elements after it. */
        SKIP,
        /** Stop parsing at it: the dataset ends there. Fastest for metadata. */
        STOP
    }

    private Input input = Input.AUTO;
    private TransferSyntax datasetSyntax = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
    private PixelData pixelData = PixelData.STREAM;
    private int bulkThreshold = 64 * 1024;
    private int maxDepth = 64;
    private int maxFileMetaLength = 64 * 1024;

    public static DicomParserOptions create() {
        return new DicomParserOptions();
    }

    public Input input() {
        return input;
    }

    public DicomParserOptions input(Input input) {
        this.input = input;
        return this;
    }

    /** The syntax of a bare dataset ({@link Input#DATASET}), e.g. the one negotiated on an association. */
    public TransferSyntax datasetSyntax() {
        return datasetSyntax;
    }

    public DicomParserOptions datasetSyntax(TransferSyntax syntax) {
        this.datasetSyntax = syntax;
        return this;
    }

    public PixelData pixelData() {
        return pixelData;
    }

    public DicomParserOptions pixelData(PixelData mode) {
        this.pixelData = mode;
        return this;
    }

    /** Values longer than this many bytes are passed on in chunks instead of whole. */
    public int bulkThreshold() {
        return bulkThreshold;
    }

    public DicomParserOptions bulkThreshold(int bytes) {
        if (bytes < 0 || bytes > 64 * 1024 * 1024) {
            throw new IllegalArgumentException("bulk threshold must be 0..64 MiB, not " + bytes);
        }
        this.bulkThreshold = bytes;
        return this;
    }

    /** Deepest nesting of sequences accepted; deeper input is rejected as hostile. */
    public int maxDepth() {
        return maxDepth;
    }

    public DicomParserOptions maxDepth(int depth) {
        if (depth < 1 || depth > 1024) {
            throw new IllegalArgumentException("max depth must be 1..1024, not " + depth);
        }
        this.maxDepth = depth;
        return this;
    }

    /** Longest File Meta Information element accepted (the group is small in every real file). */
    public int maxFileMetaLength() {
        return maxFileMetaLength;
    }

    public DicomParserOptions maxFileMetaLength(int bytes) {
        this.maxFileMetaLength = bytes;
        return this;
    }
}
