package io.sagitta.core.net.pdu;

/** A-ASSOCIATE-RJ (PS3.8 section 9.3.4, table 9-21): result, source and reason/diagnostic. */
public record AAssociateRj(int result, int source, int reason) implements Pdu {

    public static final int RESULT_REJECTED_PERMANENT = 1;
    public static final int RESULT_REJECTED_TRANSIENT = 2;

    /** Source 1: DICOM UL service-user. */
    public static final int SOURCE_SERVICE_USER = 1;
    /** Source 2: DICOM UL service-provider (ACSE related function). */
    public static final int SOURCE_SERVICE_PROVIDER_ACSE = 2;
    /** Source 3: DICOM UL service-provider (presentation related function). */
    public static final int SOURCE_SERVICE_PROVIDER_PRESENTATION = 3;

    // Reasons for source 1 (service-user).
    public static final int USER_NO_REASON_GIVEN = 1;
    public static final int USER_APPLICATION_CONTEXT_NAME_NOT_SUPPORTED = 2;
    public static final int USER_CALLING_AE_TITLE_NOT_RECOGNIZED = 3;
    public static final int USER_CALLED_AE_TITLE_NOT_RECOGNIZED = 7;

    // Reasons for source 2 (service-provider, ACSE).
    public static final int ACSE_NO_REASON_GIVEN = 1;
    public static final int ACSE_PROTOCOL_VERSION_NOT_SUPPORTED = 2;

    // Reasons for source 3 (service-provider, presentation).
    public static final int PRESENTATION_TEMPORARY_CONGESTION = 1;
    public static final int PRESENTATION_LOCAL_LIMIT_EXCEEDED = 2;

    public AAssociateRj {
        AAbort.checkByte(result, "result");
        AAbort.checkByte(source, "source");
        AAbort.checkByte(reason, "reason");
    }

    @Override
    public int type() {
        return A_ASSOCIATE_RJ;
    }

    @Override
    public String toString() {
        return "A-ASSOCIATE-RJ[result=" + result + ", source=" + source + ", reason=" + reason + "]";
    }
}
