package io.sagitta.storage.index;

/**
 * A query the index cannot run as asked: an unparseable value, an unknown level, a key that
 * cannot be matched. The doors map it to their own status (QIDO-RS 400, C-FIND A900 or C000);
 * {@link #tag()} tells which attribute was at fault when one was, so QIDO-RS can turn an
 * unsupported key into a warning instead.
 */
public class InvalidQueryException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final int tag;
    private final boolean unsupportedKey;

    public InvalidQueryException(String message) {
        this(message, -1, false);
    }

    public InvalidQueryException(String message, int tag, boolean unsupportedKey) {
        super(message);
        this.tag = tag;
        this.unsupportedKey = unsupportedKey;
    }

    /** The attribute at fault, or -1. */
    public int tag() {
        return tag;
    }

    /** True when the value was fine but the index cannot match on this attribute at this level. */
    public boolean isUnsupportedKey() {
        return unsupportedKey;
    }
}
