package io.sagitta.core.net.service;

import io.sagitta.core.net.dimse.Status;

/**
 * The outcome of a DIMSE operation as a service reports it: a status code (PS3.7 Annex C, PS3.4) and an
 * optional Error Comment (0000,0902), sent in the response command.
 *
 * @param errorComment null for none; cut to 64 characters when sent
 */
public record DimseStatus(int code, String errorComment) {

    public static final DimseStatus SUCCESS = new DimseStatus(Status.SUCCESS, null);

    public DimseStatus {
        if (code < 0 || code > 0xFFFF) {
            throw new IllegalArgumentException("status must be 0..FFFFH, not " + code);
        }
    }

    public static DimseStatus of(int code) {
        return code == Status.SUCCESS ? SUCCESS : new DimseStatus(code, null);
    }

    public static DimseStatus of(int code, String errorComment) {
        return new DimseStatus(code, errorComment);
    }

    public Status.Category category() {
        return Status.category(code);
    }

    @Override
    public String toString() {
        return Status.toHex(code) + (errorComment == null ? "" : " (" + errorComment + ")");
    }
}
