package io.sagitta.core.json;

/**
 * How DICOM JSON is written and what the reader accepts. Immutable; build one with
 * {@link #builder()} and share it.
 *
 * <p>Writing: binary values (OB, OD, OF, OL, OV, OW, UN) longer than {@code bulkDataThreshold}
 * bytes become a BulkDataURI when {@code bulkDataUris} gives one, and are written inline
 * otherwise. Reading: the limits bound what a hostile document can make the reader hold.
 */
public final class DicomJsonOptions {

    /** Compact output, everything inline, file meta left out, default limits. */
    public static final DicomJsonOptions DEFAULT = builder().build();

    private final int bulkDataThreshold;
    private final BulkDataUris bulkDataUris;
    private final boolean textAsBulkData;
    private final boolean includeFileMeta;
    private final int indent;
    private final int maxDepth;
    private final int maxStringLength;

    private DicomJsonOptions(Builder b) {
        this.bulkDataThreshold = b.bulkDataThreshold;
        this.bulkDataUris = b.bulkDataUris;
        this.textAsBulkData = b.textAsBulkData;
        this.includeFileMeta = b.includeFileMeta;
        this.indent = b.indent;
        this.maxDepth = b.maxDepth;
        this.maxStringLength = b.maxStringLength;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.bulkDataThreshold = bulkDataThreshold;
        b.bulkDataUris = bulkDataUris;
        b.textAsBulkData = textAsBulkData;
        b.includeFileMeta = includeFileMeta;
        b.indent = indent;
        b.maxDepth = maxDepth;
        b.maxStringLength = maxStringLength;
        return b;
    }

    /** Values longer than this many bytes are offered to {@link #bulkDataUris()}. */
    public int bulkDataThreshold() {
        return bulkDataThreshold;
    }

    /** Makes BulkDataURIs; null means every value the dataset holds is written inline. */
    public BulkDataUris bulkDataUris() {
        return bulkDataUris;
    }

    /** Whether long text (LT, ST, UC, UT) over the threshold also becomes a BulkDataURI. */
    public boolean textAsBulkData() {
        return textAsBulkData;
    }

    /** Whether group 0002 (File Meta Information) is written; it is not part of a dataset's JSON. */
    public boolean includeFileMeta() {
        return includeFileMeta;
    }

    /** Spaces per nesting level when pretty printing; 0 writes compact JSON. */
    public int indent() {
        return indent;
    }

    /** The deepest nesting of JSON objects and arrays the reader accepts. */
    public int maxDepth() {
        return maxDepth;
    }

    /** The longest JSON string (in chars) the reader accepts, InlineBinary included. */
    public int maxStringLength() {
        return maxStringLength;
    }

    /** Collects options; every setter returns the builder. */
    public static final class Builder {
        private int bulkDataThreshold = 1024;
        private BulkDataUris bulkDataUris;
        private boolean textAsBulkData;
        private boolean includeFileMeta;
        private int indent;
        // Each sequence level costs three JSON levels (item, attribute, Value), so 192 allows 64 nested sequences.
        private int maxDepth = 192;
        private int maxStringLength = 16 * 1024 * 1024;

        private Builder() {
        }

        public Builder bulkDataThreshold(int bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("bulkDataThreshold must not be negative: " + bytes);
            }
            this.bulkDataThreshold = bytes;
            return this;
        }

        public Builder bulkDataUris(BulkDataUris uris) {
            this.bulkDataUris = uris;
            return this;
        }

        public Builder textAsBulkData(boolean textAsBulkData) {
            this.textAsBulkData = textAsBulkData;
            return this;
        }

        public Builder includeFileMeta(boolean includeFileMeta) {
            this.includeFileMeta = includeFileMeta;
            return this;
        }

        public Builder indent(int spaces) {
            if (spaces < 0 || spaces > 16) {
                throw new IllegalArgumentException("indent must be 0..16: " + spaces);
            }
            this.indent = spaces;
            return this;
        }

        public Builder maxDepth(int maxDepth) {
            if (maxDepth < 1) {
                throw new IllegalArgumentException("maxDepth must be positive: " + maxDepth);
            }
            this.maxDepth = maxDepth;
            return this;
        }

        public Builder maxStringLength(int chars) {
            if (chars < 1) {
                throw new IllegalArgumentException("maxStringLength must be positive: " + chars);
            }
            this.maxStringLength = chars;
            return this;
        }

        public DicomJsonOptions build() {
            return new DicomJsonOptions(this);
        }
    }
}
