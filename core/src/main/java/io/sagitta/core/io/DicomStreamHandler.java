package io.sagitta.core.io;

import io.sagitta.core.data.Dataset;
import io.sagitta.core.data.TransferSyntax;
import io.sagitta.core.data.VR;
import io.netty.buffer.ByteBuf;

/**
 * Receives what {@link DicomParser} finds, in stream order.
 *
 * <p>Buffers handed to these methods are borrowed: they are valid only during the call and the
 * handler must not release them. A handler that keeps bytes copies them or calls
 * {@code retainedSlice()} (and then owns that reference).
 *
 * <p>Offsets are positions in the parsed stream (after inflation for deflated data): the first
 * value byte of an element, or of a fragment. They let a caller come back for a value later
 * (bulk data, frames) without keeping it.
 */
public interface DicomStreamHandler {

    /**
     * The dataset begins, in {@code syntax}. {@code fileMeta} is the File Meta Information of a Part 10
     * stream, or null for a bare dataset. Called once, before any element.
     */
    default void datasetStart(Dataset fileMeta, TransferSyntax syntax) {
    }

    /**
     * A complete value of at most the bulk threshold. Always little endian: values of big endian
     * data are swapped before they get here. Text is still in the Specific Character Set.
     */
    void element(int tag, VR vr, ByteBuf value);

    /**
     * The start of a value passed on in chunks: Pixel Data, or any value longer than the bulk
     * threshold. {@code skipped} is true when the parser will skip its bytes (no chunks follow,
     * only {@link #valueEnd()}). Chunks keep the byte order they have on the wire: that of the
     * transfer syntax, except inside UN of undefined length, which is always little endian.
     */
    default void valueStart(int tag, VR vr, long length, long offset, boolean skipped) {
    }

    /** Part of the current streamed value or fragment. */
    default void valueChunk(ByteBuf chunk) {
    }

    /** The current streamed value is complete. */
    default void valueEnd() {
    }

    /** A sequence begins; {@code length} is -1 for undefined length. UN of undefined length arrives here too. */
    void sequenceStart(int tag, VR vr, long length);

    /** An item of the current sequence begins; {@code length} is -1 for undefined length. */
    void itemStart(long length);

    void itemEnd();

    void sequenceEnd();

    /** Encapsulated Pixel Data begins (PS3.5 A.4): fragments follow, the first being the Basic Offset Table. */
    default void fragmentsStart(int tag, VR vr, long offset) {
    }

    /** Fragment {@code index} (0 is the Basic Offset Table) begins; its bytes follow as chunks unless skipped. */
    default void fragmentStart(int index, long length, long offset, boolean skipped) {
    }

    default void fragmentEnd() {
    }

    default void fragmentsEnd() {
    }

    /** The dataset is complete: input ended cleanly, or the parser stopped at Pixel Data as asked. */
    default void end() {
    }
}
