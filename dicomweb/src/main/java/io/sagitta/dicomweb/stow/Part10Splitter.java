package io.sagitta.dicomweb.stow;

import io.sagitta.core.data.TransferSyntax;
import io.sagitta.core.io.DicomParseException;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Splits a Part 10 stream into its File Meta Information and the dataset that follows, fed chunk by
 * chunk. The store path takes a bare dataset in a known syntax (as C-STORE delivers it), so the
 * meta group is read here: preamble, "DICM", then explicit VR little endian elements of group 0002
 * until the first element of another group (not trusting (0002,0000), which some writers get
 * wrong). At most {@link #MAX_META_BYTES} are copied; the rest of the chunk is handed back as a
 * slice. A tiny state machine rather than core's parser: the parser would go on into the dataset
 * (and inflate it), while here the exact byte where the dataset begins is all that matters.
 */
public final class Part10Splitter {

    static final int MAX_META_BYTES = 64 * 1024;
    private static final int PREFIX = 132;
    private static final int INITIAL_BYTES = 512;

    /** What the meta group says, and the first dataset bytes. */
    public record Split(String sopClassUid, String sopInstanceUid, TransferSyntax syntax, Buffer carried, Buffer rest) {
    }

    private enum State { PREFIX, ELEMENT_HEADER, VALUE, DONE }

    private State state = State.PREFIX;
    /** Grows as needed up to {@link #MAX_META_BYTES}: a usual meta group takes a few hundred bytes. */
    private byte[] bytes = new byte[INITIAL_BYTES];
    private int length;
    /** Bytes of {@link #bytes} the current state needs in all. */
    private int need = PREFIX;
    private int elementStart;
    private int valueTag;
    private String sopClass;
    private String sopInstance;
    private String syntax;

    /**
     * Consumes {@code chunk}; returns null while the meta group is incomplete (all of the chunk was
     * taken), else the split, whose {@code carried} (dataset bytes read with earlier chunks) and
     * {@code rest} (a slice of the chunk) follow in that order. When the dataset begins in this
     * chunk (the usual case), {@code carried} is empty: one write, not two.
     */
    public Split feed(Buffer chunk) {
        int at = 0;
        while (true) {
            if (length < need) {
                if (need > MAX_META_BYTES) {
                    throw new DicomParseException("File Meta Information longer than " + MAX_META_BYTES + " bytes", length);
                }
                if (need > bytes.length) {
                    bytes = Arrays.copyOf(bytes, Math.min(MAX_META_BYTES, Math.max(need, 2 * bytes.length)));
                }
                int n = Math.min(need - length, chunk.length() - at);
                chunk.getBytes(at, at + n, bytes, length);
                length += n;
                at += n;
                if (length < need) {
                    return null;
                }
            }
            switch (state) {
                case PREFIX:
                    if (bytes[128] != 'D' || bytes[129] != 'I' || bytes[130] != 'C' || bytes[131] != 'M') {
                        throw new DicomParseException("not a DICOM Part 10 file: no \"DICM\" after the 128-byte preamble", 128);
                    }
                    elementStart = PREFIX;
                    need = PREFIX + 8;
                    state = State.ELEMENT_HEADER;
                    break;
                case ELEMENT_HEADER: {
                    int e = elementStart;
                    int group = u16(e);
                    if (group != 0x0002) {
                        return done(chunk, at);
                    }
                    valueTag = (group << 16) | u16(e + 2);
                    boolean longForm = longFormAt(e);
                    if (longForm && need == e + 8) {
                        need = e + 12;
                        break;
                    }
                    long valueLength = longForm ? u32(e + 8) : u16(e + 6);
                    int headerLength = longForm ? 12 : 8;
                    if (valueLength > MAX_META_BYTES) {
                        throw new DicomParseException("File Meta Information element too long", e);
                    }
                    need = e + headerLength + (int) valueLength;
                    state = State.VALUE;
                    break;
                }
                case VALUE: {
                    int start = elementStart + (longFormAt(elementStart) ? 12 : 8);
                    String value = uid(start, need);
                    if (valueTag == 0x00020002) {
                        sopClass = value;
                    } else if (valueTag == 0x00020003) {
                        sopInstance = value;
                    } else if (valueTag == 0x00020010) {
                        syntax = value;
                    }
                    elementStart = need;
                    need = elementStart + 8;
                    state = State.ELEMENT_HEADER;
                    break;
                }
                default:
                    throw new IllegalStateException(state.name());
            }
        }
    }

    /** Called at the end of the part: a part that ended inside its meta group is not DICOM. */
    public void finish() {
        if (state != State.DONE) {
            throw new DicomParseException("the part ends inside its Part 10 header", length);
        }
    }

    private Split done(Buffer chunk, int at) {
        state = State.DONE;
        if (syntax == null || syntax.isEmpty() || sopClass == null || sopClass.isEmpty() || sopInstance == null || sopInstance.isEmpty()) {
            throw new DicomParseException("File Meta Information lacks Media Storage SOP Class/Instance UID or Transfer Syntax UID",
                elementStart);
        }
        // The element header read to see that the group ended is dataset bytes. bytes[] ends with
        // the first `at` bytes of this chunk: what of the header lies there is sliced, not copied.
        int read = length - elementStart;
        int earlier = Math.max(0, read - at);
        Buffer carried = Buffer.buffer(earlier).appendBytes(bytes, elementStart, earlier);
        return new Split(sopClass, sopInstance, TransferSyntax.of(syntax), carried, chunk.slice(at - (read - earlier), chunk.length()));
    }

    /** Whether the element at {@code e} has a 4-byte length (PS3.5 7.1.2: OB, OD, OF, OL, OV, OW, SQ, SV, UC, UN, UR, UT, UV). */
    private boolean longFormAt(int e) {
        byte a = bytes[e + 4];
        byte b = bytes[e + 5];
        switch (a) {
            case 'O':
                return b == 'B' || b == 'D' || b == 'F' || b == 'L' || b == 'V' || b == 'W';
            case 'S':
                return b == 'Q' || b == 'V';
            case 'U':
                return b == 'C' || b == 'N' || b == 'R' || b == 'T' || b == 'V';
            default:
                return false;
        }
    }

    private String uid(int from, int to) {
        int end = to;
        while (end > from && (bytes[end - 1] == 0 || bytes[end - 1] == ' ')) {
            end--;
        }
        return new String(bytes, from, end - from, StandardCharsets.US_ASCII).trim();
    }

    private int u16(int at) {
        return (bytes[at] & 0xFF) | (bytes[at + 1] & 0xFF) << 8;
    }

    private long u32(int at) {
        return (bytes[at] & 0xFFL) | (bytes[at + 1] & 0xFFL) << 8 | (bytes[at + 2] & 0xFFL) << 16 | (bytes[at + 3] & 0xFFL) << 24;
    }
}
