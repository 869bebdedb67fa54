package io.sagitta.dicomweb.stow;

import io.vertx.core.buffer.Buffer;
import java.util.Map;

/** Receives what {@link MultipartReader} finds, in stream order. */
public interface MultipartHandler {

    /** A part begins; header names are lower case, values trimmed (a repeated header keeps the last). */
    void partStart(Map<String, String> headers);

    /** Body bytes of the current part: a slice of the input (not a copy), or a few bytes carried across chunks. */
    void partData(Buffer data);

    /** The current part is complete. */
    void partEnd();

    /** The close delimiter was read; the epilogue that may follow is ignored. */
    void end();
}
