package io.sagitta.dicomweb.stow;

import io.netty.buffer.ByteBuf;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A push-fed reader of a {@code multipart/related} (RFC 2046 5.1, RFC 2387) body. Bytes are
 * {@link #feed fed} as they arrive; events go to a {@link MultipartHandler}. Body bytes are passed
 * on as slices of the input, never collected: at most the delimiter's length minus one is carried
 * from one chunk to the next (a delimiter can straddle chunks). Header blocks are bounded, as are
 * the number of parts. Anything that breaks the grammar throws {@link MalformedMultipartException};
 * the reader is then unusable.
 *
 * <p>The delimiter is CRLF "--" boundary; the stream is read as if it began with CRLF, so a first
 * boundary at the very start (the usual case) and one after a preamble are found alike.
 *
 * <p>Bytes are read from the chunk's backing array ({@link DelimiterSearch} skips through bodies);
 * a chunk without one (a direct buffer) is first copied into a scratch array. Either way the
 * slices passed on are slices of the chunk.
 */
public final class MultipartReader {

    /** RFC 2046 5.1.1: a boundary has 1 to 70 characters. */
    public static final int MAX_BOUNDARY_LENGTH = 70;

    private enum State {
        /** Before the first delimiter: discarded. */
        PREAMBLE,
        /** Right after a delimiter: "--" closes, else optional padding then CRLF. */
        AFTER_DELIMITER,
        CLOSE_DASH,
        PADDING,
        EXPECT_LF,
        /** A part's header block, up to and including the empty line. */
        HEADERS,
        BODY,
        /** After the close delimiter: discarded. */
        EPILOGUE,
        FAILED
    }

    private final byte[] delimiter;
    private final DelimiterSearch search;
    private final int maxHeaderBytes;
    private final int maxParts;
    private final MultipartHandler handler;

    private State state = State.PREAMBLE;
    /** Bytes of a possible delimiter start kept from the previous chunk (fewer than the delimiter). */
    private byte[] carry;
    private final byte[] header;
    private int headerLength;
    private int parts;
    /** The chunk being fed: its bytes are {@code array[offset + i]} for chunk index i. */
    private byte[] array;
    private int offset;
    /** Holds a chunk that has no backing array; kept for the next such chunk. */
    private byte[] scratch;

    public MultipartReader(String boundary, int maxHeaderBytes, int maxParts, MultipartHandler handler) {
        checkBoundary(boundary);
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.US_ASCII);
        this.search = new DelimiterSearch(delimiter);
        this.maxHeaderBytes = maxHeaderBytes;
        this.maxParts = maxParts;
        this.handler = handler;
        this.header = new byte[maxHeaderBytes];
        this.carry = new byte[] {'\r', '\n'};
    }

    /** RFC 2046 5.1.1 bchars: digits, letters and '()+_,-./:=? and space (not last). */
    static void checkBoundary(String boundary) {
        if (boundary == null || boundary.isEmpty() || boundary.length() > MAX_BOUNDARY_LENGTH) {
            throw new MalformedMultipartException("the multipart boundary must have 1 to 70 characters");
        }
        for (int i = 0; i < boundary.length(); i++) {
            char c = boundary.charAt(i);
            boolean ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
                || "'()+_,-./:=? ".indexOf(c) >= 0;
            if (!ok) {
                throw new MalformedMultipartException("invalid character in the multipart boundary");
            }
        }
        if (boundary.endsWith(" ")) {
            throw new MalformedMultipartException("the multipart boundary must not end with a space");
        }
    }

    /** True once the close delimiter has been read. */
    public boolean isDone() {
        return state == State.EPILOGUE;
    }

    /** Reads all of {@code chunk}; body slices passed to the handler share its bytes. */
    public void feed(Buffer chunk) {
        if (state == State.FAILED) {
            throw new IllegalStateException("multipart reader has failed");
        }
        view(chunk);
        try {
            int at = 0;
            if (carry != null && (state == State.BODY || state == State.PREAMBLE)) {
                at = resumeCarry(chunk);
            }
            while (at < chunk.length()) {
                at = step(chunk, at);
            }
        } catch (MalformedMultipartException e) {
            state = State.FAILED;
            throw e;
        } finally {
            array = null; // the chunk is not kept
        }
    }

    /** Points {@link #array} and {@link #offset} at the chunk's bytes. */
    private void view(Buffer chunk) {
        if (chunk instanceof BufferInternal internal) {
            ByteBuf buf = internal.unwrap();
            if (buf.hasArray()) {
                array = buf.array();
                offset = buf.arrayOffset();
                return;
            }
        }
        int length = chunk.length();
        if (scratch == null || scratch.length < length) {
            scratch = new byte[length];
        }
        chunk.getBytes(0, length, scratch, 0);
        array = scratch;
        offset = 0;
    }

    private byte byteAt(int at) {
        return array[offset + at];
    }

    /** Says the body has ended: fails unless the close delimiter was read. */
    public void finish() {
        if (state != State.EPILOGUE) {
            State was = state;
            state = State.FAILED;
            throw new MalformedMultipartException(was == State.PREAMBLE
                ? "the body has no multipart boundary" : "the multipart body ends before its close delimiter");
        }
    }

    private int step(Buffer in, int at) {
        switch (state) {
            case PREAMBLE:
            case BODY:
                return scanBody(in, at);
            case AFTER_DELIMITER: {
                byte b = byteAt(at);
                if (b == '-') {
                    state = State.CLOSE_DASH;
                } else if (b == ' ' || b == '\t') {
                    state = State.PADDING;
                } else if (b == '\r') {
                    state = State.EXPECT_LF;
                } else {
                    throw new MalformedMultipartException("a multipart boundary must be followed by CRLF or \"--\"");
                }
                return at + 1;
            }
            case CLOSE_DASH:
                if (byteAt(at) != '-') {
                    throw new MalformedMultipartException("a multipart boundary must be followed by CRLF or \"--\"");
                }
                state = State.EPILOGUE;
                handler.end();
                return at + 1;
            case PADDING: {
                byte b = byteAt(at);
                if (b == '\r') {
                    state = State.EXPECT_LF;
                } else if (b != ' ' && b != '\t') {
                    throw new MalformedMultipartException("a multipart boundary must be followed by CRLF or \"--\"");
                }
                return at + 1;
            }
            case EXPECT_LF:
                if (byteAt(at) != '\n') {
                    throw new MalformedMultipartException("a multipart boundary line must end with CRLF");
                }
                if (parts == maxParts) {
                    throw new MalformedMultipartException("more than " + maxParts + " parts");
                }
                parts++;
                headerLength = 0;
                state = State.HEADERS;
                return at + 1;
            case HEADERS:
                return readHeaders(in, at);
            case EPILOGUE:
                return in.length();
            default:
                throw new IllegalStateException(state.name());
        }
    }

    /** Copies header bytes (bounded) until the empty line, then starts the part. */
    private int readHeaders(Buffer in, int at) {
        int end = in.length();
        while (at < end) {
            if (headerLength == maxHeaderBytes) {
                throw new MalformedMultipartException("a part's headers exceed " + maxHeaderBytes + " bytes");
            }
            header[headerLength++] = byteAt(at++);
            if (headerComplete()) {
                handler.partStart(parseHeaders());
                state = State.BODY;
                carry = null;
                return at;
            }
        }
        return at;
    }

    private boolean headerComplete() {
        int n = headerLength;
        if (n == 2) {
            return header[0] == '\r' && header[1] == '\n';
        }
        return n >= 4 && header[n - 4] == '\r' && header[n - 3] == '\n' && header[n - 2] == '\r' && header[n - 1] == '\n';
    }

    private Map<String, String> parseHeaders() {
        // Header values are ASCII by RFC 2045; ISO-8859-1 keeps any other byte as one character.
        String block = new String(header, 0, headerLength, StandardCharsets.ISO_8859_1);
        Map<String, String> out = new LinkedHashMap<>();
        String name = null;
        StringBuilder value = new StringBuilder();
        for (int from = 0, to; from < block.length(); from = to + 2) {
            to = block.indexOf("\r\n", from); // the block ends with CRLF CRLF (or is just CRLF)
            String line = block.substring(from, to);
            if (line.isEmpty()) {
                continue;
            }
            if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                if (name == null) {
                    throw new MalformedMultipartException("a part's header block starts with a continuation line");
                }
                value.append(' ').append(line.trim());
                continue;
            }
            if (name != null) {
                out.put(name, value.toString().trim());
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new MalformedMultipartException("malformed part header line");
            }
            name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            value.setLength(0);
            value.append(line, colon + 1, line.length());
        }
        if (name != null) {
            out.put(name, value.toString().trim());
        }
        return out;
    }

    /**
     * Body (or preamble) bytes from {@code at}: up to a delimiter, passed on as one slice; without a
     * delimiter, all but a tail that could begin one, which is carried to the next chunk.
     */
    private int scanBody(Buffer in, int at) {
        int end = in.length();
        int found = search.indexOf(array, offset + at, offset + end);
        if (found >= 0) {
            int i = found - offset;
            data(in, at, i);
            delimiterFound();
            return i + delimiter.length;
        }
        int tail = search.partialStart(array, offset + at, offset + end) - offset;
        data(in, at, tail);
        if (tail < end) {
            carry = Arrays.copyOfRange(array, offset + tail, offset + end);
        }
        return end;
    }

    /** Continues a delimiter that may have begun in the carried bytes. Returns where to go on in {@code in}. */
    private int resumeCarry(Buffer in) {
        byte[] kept = carry;
        carry = null;
        int take = Math.min(in.length(), delimiter.length);
        byte[] window = Arrays.copyOf(kept, kept.length + take);
        System.arraycopy(array, offset, window, kept.length, take);
        int wEnd = window.length;
        for (int i = 0; i < kept.length; i++) {
            if (i + delimiter.length <= wEnd) {
                if (search.matchesAt(window, i)) {
                    carried(window, i);
                    delimiterFound();
                    return i + delimiter.length - kept.length;
                }
            } else if (search.prefixAt(window, i, wEnd)) {
                // The chunk is shorter than the rest of the delimiter: all of it is carried.
                carried(window, i);
                carry = Arrays.copyOfRange(window, i, wEnd);
                return in.length();
            }
        }
        carried(window, kept.length);
        return 0;
    }

    /** Passes on the first {@code length} bytes of {@code window}: carried bytes that were body after all. */
    private void carried(byte[] window, int length) {
        if (length > 0 && state == State.BODY) {
            handler.partData(Buffer.buffer(length).appendBytes(window, 0, length));
        }
    }

    private void delimiterFound() {
        if (state == State.BODY) {
            handler.partEnd();
        }
        state = State.AFTER_DELIMITER;
    }

    private void data(Buffer in, int from, int to) {
        if (to > from && state == State.BODY) {
            handler.partData(in.slice(from, to));
        }
    }

    /**
     * The boundary parameter of a {@code multipart/...} Content-Type value (quoted or not), or
     * throws {@link MalformedMultipartException}.
     */
    public static String boundaryOf(String contentType) {
        String b = MediaType.parameter(contentType, "boundary");
        if (b == null) {
            throw new MalformedMultipartException("the multipart Content-Type has no boundary parameter");
        }
        checkBoundary(b);
        return b;
    }
}
