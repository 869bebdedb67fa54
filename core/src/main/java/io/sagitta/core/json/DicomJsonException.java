package io.sagitta.core.json;

/**
 * DICOM JSON that cannot be read: malformed JSON, a limit exceeded, or JSON that does not follow
 * the DICOM JSON Model (PS3.18 Annex F.2). The reader throws nothing else on bad input, so a
 * DICOMweb route has exactly one exception to map to 400 Bad Request.
 */
public final class DicomJsonException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public DicomJsonException(String message) {
        super(message);
    }

    public DicomJsonException(String message, Throwable cause) {
        super(message, cause);
    }
}
