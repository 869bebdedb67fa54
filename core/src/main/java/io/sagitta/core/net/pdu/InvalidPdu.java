package io.sagitta.core.net.pdu;

/**
 * Bytes that are not a valid PDU (PS3.8 Evt19, "unrecognized or invalid PDU received"), as
 * {@link PduDecoder} reports them instead of throwing. The association answers with
 * {@code AAbort.byProvider(abortReason())}: {@link AAbort#UNRECOGNIZED_PDU} for an unknown PDU type,
 * {@link AAbort#UNRECOGNIZED_PDU_PARAMETER} for an unknown item, {@link AAbort#UNEXPECTED_PDU_PARAMETER}
 * for a known item where it does not belong (or missing or repeated), and
 * {@link AAbort#INVALID_PDU_PARAMETER_VALUE} for bad lengths and values (including a PDU longer than the
 * configured limit). It is never encoded.
 */
public record InvalidPdu(int abortReason, String message) implements Pdu {

    @Override
    public int type() {
        return 0;
    }

    /** The A-ABORT the association should send. */
    public AAbort toAbort() {
        return AAbort.byProvider(abortReason);
    }
}
