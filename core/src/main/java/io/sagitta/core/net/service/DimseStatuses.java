package io.sagitta.core.net.service;

import io.sagitta.core.io.DicomParseException;
import io.sagitta.core.net.dimse.Status;
import java.io.IOException;
import java.util.concurrent.CompletionException;

/** The one place where the DIMSE door maps a service's exception to a response status (house rule 4). */
public final class DimseStatuses {

    private DimseStatuses() {
    }

    /**
     * {@link DimseException}: its status; I/O failure: A700 (out of resources); unparseable DICOM: C000
     * (cannot understand); anything else: 0110 (processing failure). The comment names the cause briefly,
     * never a stack trace.
     */
    public static DimseStatus of(Throwable failure) {
        Throwable t = failure;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof DimseException e) {
            return e.status();
        }
        if (t instanceof IOException) {
            return DimseStatus.of(Status.OUT_OF_RESOURCES, "I/O failure");
        }
        if (t instanceof DicomParseException) {
            return DimseStatus.of(Status.CANNOT_UNDERSTAND, "cannot parse the data set");
        }
        return DimseStatus.of(Status.PROCESSING_FAILURE, t.getClass().getSimpleName());
    }
}
