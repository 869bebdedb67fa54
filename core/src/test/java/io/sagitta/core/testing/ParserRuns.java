package io.sagitta.core.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.sagitta.core.io.DicomParseException;
import io.sagitta.core.io.DicomParser;
import io.sagitta.core.io.DicomParserOptions;
import io.sagitta.core.io.DicomStreamHandler;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.IntSupplier;

/**
 * Feeds a {@link DicomParser} the same bytes split in different ways: whole, one byte at a time, or
 * in random-sized chunks from a fixed seed, so tests can check that the split changes nothing.
 */
public final class ParserRuns {

    /** Where the input starts in the backing array of chunks that do not start at its beginning. */
    private static final int ARRAY_OFFSET = 3;

    /** What a run produced: the recorded events, and the failure message if it failed. */
    public record Outcome(List<String> events, String failure) {

        public boolean failed() {
            return failure != null;
        }

        @Override
        public String toString() {
            return String.join("\n", events) + (failure == null ? "" : "\nFAILED: " + failure);
        }
    }

    private ParserRuns() {
    }

    public static Outcome whole(byte[] input, DicomParserOptions options) {
        return record(input, options, whole(input.length));
    }

    public static Outcome bytewise(byte[] input, DicomParserOptions options) {
        return record(input, options, () -> 1);
    }

    /** Random chunk sizes of 1 to {@code maxChunk} bytes, from a fixed seed. */
    public static Outcome chunked(byte[] input, DicomParserOptions options, long seed, int maxChunk) {
        return record(input, options, randomChunks(seed, maxChunk));
    }

    public static IntSupplier whole(int length) {
        return () -> Math.max(length, 1);
    }

    public static IntSupplier randomChunks(long seed, int maxChunk) {
        Random random = new Random(seed);
        return () -> 1 + random.nextInt(maxChunk);
    }

    /** Parses with a {@link RecordingHandler}; a {@link DicomParseException} ends the run as its outcome. */
    public static Outcome record(byte[] input, DicomParserOptions options, IntSupplier chunkSizes) {
        RecordingHandler recorder = new RecordingHandler();
        DicomParseException failure = feed(new DicomParser(options, recorder), input, chunkSizes);
        return new Outcome(List.copyOf(recorder.events()), failure == null ? null : failure.getMessage());
    }

    /**
     * Feeds all of {@code input} in chunks and then finishes. Returns the parse exception that ended the
     * run, or null when the parser completed; any other exception propagates (it is a bug).
     *
     * <p>Each chunk is a fresh copy, released after {@code feed} returns (a parser that released the
     * caller's buffer makes that release throw) and then overwritten, so a parser that kept a reference
     * to caller memory reads garbage later and the run no longer matches the others. Chunks take turns
     * at the memory a socket or a file may deliver: a heap array, direct memory, and a heap array
     * that starts part way into its backing array.
     */
    public static DicomParseException feed(DicomParser parser, byte[] input, IntSupplier chunkSizes) {
        try {
            int at = 0;
            int chunks = 0;
            while (at < input.length) {
                int n = Math.min(chunkSizes.getAsInt(), input.length - at);
                int kind = chunks++ % 3;
                int offset = kind == 2 ? ARRAY_OFFSET : 0;
                byte[] copy = new byte[n + 2 * offset];
                System.arraycopy(input, at, copy, offset, n);
                ByteBuf chunk = kind == 1 ? Unpooled.directBuffer(n).writeBytes(copy)
                    : Unpooled.wrappedBuffer(copy, offset, n);
                try {
                    parser.feed(chunk);
                    if (chunk.isReadable()) {
                        throw new AssertionError("feed left " + chunk.readableBytes() + " bytes unread");
                    }
                } finally {
                    chunk.release();
                    Arrays.fill(copy, (byte) 0xA5);
                }
                at += n;
            }
            parser.finish();
            return null;
        } catch (DicomParseException e) {
            return e;
        }
    }

    /** Convenience: parse into any handler in one piece. */
    public static DicomParseException feedWhole(byte[] input, DicomParserOptions options, DicomStreamHandler handler) {
        return feed(new DicomParser(options, handler), input, whole(input.length));
    }
}
