package io.sagitta.core.net.dimse;

/**
 * DIMSE status codes (PS3.7 Annex C, and the service-specific codes of PS3.4 that the archive uses).
 * Ranges such as A7xx or Cxxx are families: test them with {@link #category(int)}, not equality.
 */
public final class Status {

    /** What a status means to the requestor. */
    public enum Category { SUCCESS, PENDING, CANCEL, WARNING, FAILURE }

    public static final int SUCCESS = 0x0000;

    // Pending (C-FIND, C-MOVE, C-GET)
    public static final int PENDING = 0xFF00;
    /** Pending: some optional keys were not supported (C-FIND). */
    public static final int PENDING_WARNING = 0xFF01;

    public static final int CANCEL = 0xFE00;

    // Warnings
    /** C-STORE: coercion of data elements; C-MOVE/C-GET: sub-operations complete, one or more failures. */
    public static final int WARNING = 0xB000;
    public static final int COERCION_OF_DATA_ELEMENTS = 0xB000;
    public static final int SUB_OPERATIONS_COMPLETE_WITH_FAILURES = 0xB000;
    public static final int DATA_SET_DOES_NOT_MATCH_SOP_CLASS_WARNING = 0xB007;
    public static final int ELEMENTS_DISCARDED = 0xB006;
    public static final int ATTRIBUTE_LIST_ERROR = 0x0107;
    public static final int ATTRIBUTE_VALUE_OUT_OF_RANGE = 0x0116;

    // Failures (service-specific families)
    /** A7xx: refused, out of resources (C-STORE, C-FIND, C-MOVE, C-GET). */
    public static final int OUT_OF_RESOURCES = 0xA700;
    /** C-MOVE/C-GET: out of resources, unable to calculate the number of matches. */
    public static final int OUT_OF_RESOURCES_NUMBER_OF_MATCHES = 0xA701;
    /** C-MOVE/C-GET: out of resources, unable to perform sub-operations. */
    public static final int OUT_OF_RESOURCES_SUB_OPERATIONS = 0xA702;
    /** C-MOVE: move destination unknown. */
    public static final int MOVE_DESTINATION_UNKNOWN = 0xA801;
    /** A9xx: data set (or identifier) does not match SOP class. */
    public static final int DATA_SET_DOES_NOT_MATCH_SOP_CLASS = 0xA900;
    public static final int IDENTIFIER_DOES_NOT_MATCH_SOP_CLASS = 0xA900;
    /** Cxxx: cannot understand (C-STORE), unable to process (C-FIND, C-MOVE, C-GET). */
    public static final int CANNOT_UNDERSTAND = 0xC000;
    public static final int UNABLE_TO_PROCESS = 0xC000;

    // General failures (PS3.7 C.5)
    public static final int NO_SUCH_ATTRIBUTE = 0x0105;
    public static final int INVALID_ATTRIBUTE_VALUE = 0x0106;
    public static final int PROCESSING_FAILURE = 0x0110;
    public static final int DUPLICATE_SOP_INSTANCE = 0x0111;
    public static final int NO_SUCH_SOP_INSTANCE = 0x0112;
    public static final int INVALID_ARGUMENT_VALUE = 0x0115;
    public static final int INVALID_OBJECT_INSTANCE = 0x0117;
    public static final int NO_SUCH_SOP_CLASS = 0x0118;
    public static final int CLASS_INSTANCE_CONFLICT = 0x0119;
    public static final int MISSING_ATTRIBUTE = 0x0120;
    public static final int MISSING_ATTRIBUTE_VALUE = 0x0121;
    /** Refused: SOP class not supported. */
    public static final int SOP_CLASS_NOT_SUPPORTED = 0x0122;
    public static final int NO_SUCH_ACTION = 0x0123;
    /** Refused: not authorized. */
    public static final int NOT_AUTHORIZED = 0x0124;
    public static final int DUPLICATE_INVOCATION = 0x0210;
    public static final int UNRECOGNIZED_OPERATION = 0x0211;
    public static final int MISTYPED_ARGUMENT = 0x0212;
    public static final int RESOURCE_LIMITATION = 0x0213;

    private Status() {
    }

    public static Category category(int status) {
        if (status == SUCCESS) {
            return Category.SUCCESS;
        }
        if (status == PENDING || status == PENDING_WARNING) {
            return Category.PENDING;
        }
        if (status == CANCEL) {
            return Category.CANCEL;
        }
        if ((status & 0xF000) == 0xB000 || status == 0x0001 || status == ATTRIBUTE_LIST_ERROR
            || status == ATTRIBUTE_VALUE_OUT_OF_RANGE) {
            return Category.WARNING;
        }
        return Category.FAILURE;
    }

    public static boolean isPending(int status) {
        return category(status) == Category.PENDING;
    }

    public static String toHex(int status) {
        return String.format("%04XH", status);
    }
}
