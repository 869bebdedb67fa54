package io.sagitta.core.net.service;

/**
 * A service failure that carries the DIMSE status to answer with. Services fail their futures with it
 * when they know the status (A700 out of resources, A900 dataset does not match SOP class, C000 cannot
 * understand, ...); any other exception is mapped by {@link DimseStatuses#of(Throwable)}.
 */
public final class DimseException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient DimseStatus status;

    public DimseException(DimseStatus status) {
        super(status.toString());
        this.status = status;
    }

    public DimseException(int status, String errorComment) {
        this(DimseStatus.of(status, errorComment));
    }

    public DimseException(DimseStatus status, Throwable cause) {
        super(status.toString(), cause);
        this.status = status;
    }

    public DimseStatus status() {
        return status;
    }
}
