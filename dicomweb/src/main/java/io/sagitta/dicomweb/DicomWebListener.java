package io.sagitta.dicomweb;

import io.sagitta.storage.index.InstanceLocation;
import io.sagitta.storage.store.StoredInstance;
import io.vertx.ext.web.RoutingContext;

/**
 * What the DICOMweb routes tell about each instance they store or send, for metrics and audit. Calls come
 * on the request's event loop and must return at once (no blocking, no I/O of their own); {@code ctx} is the
 * request's, so a listener can find what it put there (a request id, say).
 */
public interface DicomWebListener {

    /** Tells nothing. */
    DicomWebListener NONE = new DicomWebListener() {
    };

    /** STOW-RS stored one instance (new, duplicate or replacing). */
    default void stored(RoutingContext ctx, StoredInstance instance) {
    }

    /**
     * STOW-RS could not store one part.
     *
     * @param sopInstanceUid the instance the part claimed to be, or null when that was not readable
     * @param failureReason the FailureReason (0008,1197) the response gives for it
     */
    default void storeFailed(RoutingContext ctx, String sopInstanceUid, int failureReason) {
    }

    /** WADO-RS sent one instance whole (its stored bytes, or transcoded). */
    default void retrieved(RoutingContext ctx, InstanceLocation instance) {
    }
}
