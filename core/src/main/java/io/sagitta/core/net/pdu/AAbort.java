package io.sagitta.core.net.pdu;

/**
 * A-ABORT (PS3.8 section 9.3.8). {@code reason} is significant only when the source is the service
 * provider (table 9-26); a service-user abort sends 0.
 */
public record AAbort(int source, int reason) implements Pdu {

    /** Source: DICOM UL service-user (initiated abort). */
    public static final int SOURCE_SERVICE_USER = 0;
    /** Source: reserved. */
    public static final int SOURCE_RESERVED = 1;
    /** Source: DICOM UL service-provider (initiated abort). */
    public static final int SOURCE_SERVICE_PROVIDER = 2;

    public static final int REASON_NOT_SPECIFIED = 0;
    public static final int UNRECOGNIZED_PDU = 1;
    public static final int UNEXPECTED_PDU = 2;
    public static final int UNRECOGNIZED_PDU_PARAMETER = 4;
    public static final int UNEXPECTED_PDU_PARAMETER = 5;
    public static final int INVALID_PDU_PARAMETER_VALUE = 6;

    public AAbort {
        checkByte(source, "source");
        checkByte(reason, "reason");
    }

    /** An abort by the service user (our application), reason not significant. */
    public static AAbort byUser() {
        return new AAbort(SOURCE_SERVICE_USER, REASON_NOT_SPECIFIED);
    }

    /** An abort by the service provider (the upper layer itself) with a table 9-26 reason. */
    public static AAbort byProvider(int reason) {
        return new AAbort(SOURCE_SERVICE_PROVIDER, reason);
    }

    @Override
    public int type() {
        return A_ABORT;
    }

    static void checkByte(int value, String name) {
        if (value < 0 || value > 0xFF) {
            throw new IllegalArgumentException(name + " must fit in one byte, not " + value);
        }
    }

    @Override
    public String toString() {
        return "A-ABORT[source=" + source + ", reason=" + reason + "]";
    }
}
