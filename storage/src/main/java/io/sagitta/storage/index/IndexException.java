package io.sagitta.storage.index;

/** The index database failed a request (a constraint, a timeout, a lost connection). */
public class IndexException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public IndexException(String message, Throwable cause) {
        super(message, cause);
    }
}
