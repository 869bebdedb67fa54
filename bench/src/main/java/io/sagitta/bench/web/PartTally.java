package io.sagitta.bench.web;

import io.sagitta.dicomweb.stow.MultipartHandler;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * What the multipart reader found: the number of parts and the bytes of each. It counts without
 * copying (the benchmark), or keeps every part's bytes too (setup, to compare them with what was
 * sent).
 */
final class PartTally implements MultipartHandler {

    private final long[] sizes;
    private final List<Buffer> kept;
    private int parts;
    private long bytes;
    private boolean inPart;
    private boolean ended;

    /** A tally for up to {@code maxParts} parts; {@code keep} also collects their bytes. */
    PartTally(int maxParts, boolean keep) {
        this.sizes = new long[maxParts];
        this.kept = keep ? new ArrayList<>() : null;
    }

    @Override
    public void partStart(Map<String, String> headers) {
        if (parts == sizes.length) {
            throw new IllegalStateException("more than the " + sizes.length + " parts sent");
        }
        parts++;
        inPart = true;
        if (kept != null) {
            kept.add(Buffer.buffer());
        }
    }

    @Override
    public void partData(Buffer data) {
        if (!inPart) {
            throw new IllegalStateException("body bytes outside a part");
        }
        sizes[parts - 1] += data.length();
        bytes += data.length();
        if (kept != null) {
            kept.get(parts - 1).appendBuffer(data);
        }
    }

    @Override
    public void partEnd() {
        inPart = false;
    }

    @Override
    public void end() {
        ended = true;
    }

    int parts() {
        return parts;
    }

    long bytes() {
        return bytes;
    }

    /**
     * Fails unless exactly {@code expected} parts were read, the close delimiter with them, each
     * part being {@code instance} byte for byte (when kept) or at least of its size.
     */
    void check(int expected, byte[] instance) {
        if (!ended || parts != expected) {
            throw new IllegalStateException("read " + parts + " parts" + (ended ? "" : " and no close delimiter")
                + ", sent " + expected);
        }
        for (int i = 0; i < parts; i++) {
            if (sizes[i] != instance.length) {
                throw new IllegalStateException("part " + i + " has " + sizes[i] + " bytes, sent " + instance.length);
            }
            if (kept != null && !Arrays.equals(kept.get(i).getBytes(), instance)) {
                throw new IllegalStateException("part " + i + " differs from the instance sent");
            }
        }
    }
}
