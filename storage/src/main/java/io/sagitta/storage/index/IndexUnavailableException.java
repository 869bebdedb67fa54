package io.sagitta.storage.index;

/**
 * The index database cannot be reached (down, restarting, pool exhausted past its acquire
 * timeout). Transient: the doors answer 503 / C-STORE A700 / C-FIND A700 and the request may be retried.
 */
public class IndexUnavailableException extends IndexException {

    private static final long serialVersionUID = 1L;

    public IndexUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
