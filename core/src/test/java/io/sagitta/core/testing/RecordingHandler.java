package io.sagitta.core.testing;

import io.netty.buffer.ByteBuf;
import io.sagitta.core.data.Dataset;
import io.sagitta.core.data.Tags;
import io.sagitta.core.data.TransferSyntax;
import io.sagitta.core.data.VR;
import io.sagitta.core.io.DicomStreamHandler;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Records parser events as one string each, so two runs can be compared with {@code assertEquals}.
 * Chunks of a streamed value or fragment are joined and recorded once, at its end: how a value was
 * chunked depends on how the input was split, what it holds must not.
 *
 * <p>Also checks the buffer contract as it goes: every borrowed buffer is still alive when handed
 * over, and {@code element} values are never handed over while a streamed value is open.
 */
public final class RecordingHandler implements DicomStreamHandler {

    private static final HexFormat HEX = HexFormat.of();

    private final List<String> events = new ArrayList<>();
    private final ByteArrayOutputStream streamed = new ByteArrayOutputStream();
    private boolean streaming;
    private String pending;

    public List<String> events() {
        return events;
    }

    @Override
    public String toString() {
        return String.join("\n", events);
    }

    @Override
    public void datasetStart(Dataset fileMeta, TransferSyntax syntax) {
        events.add("datasetStart meta=" + describe(fileMeta) + " syntax=" + (syntax == null ? "none" : syntax.uid()));
    }

    private static String describe(Dataset meta) {
        if (meta == null) {
            return "none";
        }
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < meta.size(); i++) {
            Object v = meta.valueAt(i);
            sb.append(i == 0 ? "" : ", ").append(Tags.toString(meta.tagAt(i))).append(' ').append(meta.vrAt(i))
                .append(' ').append(v instanceof byte[] ? describe((byte[]) v) : String.valueOf(v));
        }
        return sb.append('}').toString();
    }

    @Override
    public void element(int tag, VR vr, ByteBuf value) {
        check(value);
        if (streaming) {
            throw new AssertionError("element " + Tags.toString(tag) + " inside a streamed value");
        }
        byte[] bytes = new byte[value.readableBytes()];
        value.getBytes(value.readerIndex(), bytes);
        events.add("element " + Tags.toString(tag) + " " + vr + " " + describe(bytes));
    }

    @Override
    public void valueStart(int tag, VR vr, long length, long offset, boolean skipped) {
        beginStream("value " + Tags.toString(tag) + " " + vr + " length=" + length + " offset=" + offset
            + (skipped ? " skipped" : ""));
    }

    @Override
    public void valueChunk(ByteBuf chunk) {
        check(chunk);
        if (!streaming) {
            throw new AssertionError("chunk outside a streamed value");
        }
        byte[] bytes = new byte[chunk.readableBytes()];
        chunk.getBytes(chunk.readerIndex(), bytes);
        streamed.write(bytes, 0, bytes.length);
    }

    @Override
    public void valueEnd() {
        endStream();
    }

    @Override
    public void sequenceStart(int tag, VR vr, long length) {
        events.add("sequenceStart " + Tags.toString(tag) + " " + vr + " length=" + length);
    }

    @Override
    public void itemStart(long length) {
        events.add("itemStart length=" + length);
    }

    @Override
    public void itemEnd() {
        events.add("itemEnd");
    }

    @Override
    public void sequenceEnd() {
        events.add("sequenceEnd");
    }

    @Override
    public void fragmentsStart(int tag, VR vr, long offset) {
        events.add("fragmentsStart " + Tags.toString(tag) + " " + vr + " offset=" + offset);
    }

    @Override
    public void fragmentStart(int index, long length, long offset, boolean skipped) {
        beginStream("fragment " + index + " length=" + length + " offset=" + offset + (skipped ? " skipped" : ""));
    }

    @Override
    public void fragmentEnd() {
        endStream();
    }

    @Override
    public void fragmentsEnd() {
        events.add("fragmentsEnd");
    }

    @Override
    public void end() {
        if (streaming) {
            throw new AssertionError("end inside a streamed value");
        }
        events.add("end");
    }

    private void beginStream(String event) {
        if (streaming) {
            throw new AssertionError("stream started inside a stream: " + event);
        }
        streaming = true;
        pending = event;
        streamed.reset();
    }

    private void endStream() {
        if (!streaming) {
            throw new AssertionError("end of a stream that was not started");
        }
        streaming = false;
        events.add(pending + " " + describe(streamed.toByteArray()));
    }

    private static void check(ByteBuf buf) {
        if (buf.refCnt() <= 0) {
            throw new AssertionError("handler was given a released buffer");
        }
    }

    /** Small values in full, large ones by length and checksum, so the event list stays readable. */
    static String describe(byte[] bytes) {
        if (bytes.length <= 64) {
            return "[" + HEX.formatHex(bytes) + "]";
        }
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return "[" + bytes.length + " bytes crc=" + Long.toHexString(crc.getValue()) + "]";
    }
}
