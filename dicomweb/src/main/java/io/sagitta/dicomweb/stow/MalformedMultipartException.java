package io.sagitta.dicomweb.stow;

/** A multipart body that breaks RFC 2046 or the reader's limits; the request is answered 400. */
public final class MalformedMultipartException extends RuntimeException {

    public MalformedMultipartException(String message) {
        super(message);
    }
}
