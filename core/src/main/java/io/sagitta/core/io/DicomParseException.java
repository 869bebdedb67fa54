package io.sagitta.core.io;

/**
 * The codec's one way of saying "this is not valid DICOM": malformed, truncated, or beyond a
 * configured limit. Every bad input ends in this exception and nothing else, so callers map it to
 * one protocol status in one place.
 */
public class DicomParseException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final long offset;

    public DicomParseException(String message, long offset) {
        super(message + " (at byte " + offset + ")");
        this.offset = offset;
    }

    public DicomParseException(String message, long offset, Throwable cause) {
        super(message + " (at byte " + offset + ")", cause);
        this.offset = offset;
    }

    /** Position in the (inflated) input stream where the problem was found. */
    public long offset() {
        return offset;
    }
}
