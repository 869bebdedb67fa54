package io.sagitta.bench.load;

/** The run cannot go on (target unreachable, bad options): a one-line message for the user. */
public final class LoadException extends RuntimeException {

    public LoadException(String message) {
        super(message);
    }

    public LoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
