package io.sagitta.core.net.pdu;

/**
 * Limits of a {@link PduDecoder}. A PDU whose length field exceeds its limit is reported as an
 * {@link InvalidPdu} from its 6-byte header alone, before a single byte of its body is awaited or
 * allocated.
 */
public final class PduDecoderOptions {

    /** The largest PDU-length accepted for any PDU (the field is unsigned 32-bit); a sanity bound. */
    public static final long MAX_LIMIT = Integer.MAX_VALUE - 8;

    private long maxPDataLength = 1024 * 1024;
    private long maxAssociateLength = 256 * 1024;

    public static PduDecoderOptions create() {
        return new PduDecoderOptions();
    }

    /**
     * The longest P-DATA-TF PDU-length accepted. Set it to the maximum length this side advertised in
     * its user information (PS3.8 D.1), plus any tolerance for peers that overshoot. Default 1 MiB.
     */
    public long maxPDataLength() {
        return maxPDataLength;
    }

    public PduDecoderOptions maxPDataLength(long bytes) {
        this.maxPDataLength = check(bytes);
        return this;
    }

    /** The longest A-ASSOCIATE-RQ/AC PDU-length accepted. Default 256 KiB (a request with 128 contexts is ~20 KiB). */
    public long maxAssociateLength() {
        return maxAssociateLength;
    }

    public PduDecoderOptions maxAssociateLength(long bytes) {
        this.maxAssociateLength = check(bytes);
        return this;
    }

    private static long check(long bytes) {
        if (bytes < 64 || bytes > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 64.." + MAX_LIMIT + " bytes, not " + bytes);
        }
        return bytes;
    }
}
