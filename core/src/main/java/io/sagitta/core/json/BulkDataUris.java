package io.sagitta.core.json;

import io.sagitta.core.data.VR;
import java.util.List;

/**
 * Makes the BulkDataURI of a value that the JSON will not carry inline, so that a DICOMweb
 * route can point at its own {@code .../bulkdata/...} resource.
 */
@FunctionalInterface
public interface BulkDataUris {

    /**
     * The URI for one attribute's value, or null to keep the value inline.
     *
     * @param itemPath where the attribute sits: for each enclosing sequence, outermost first, the
     *     sequence's tag followed by the zero-based index of the item; empty at the top level
     * @param tag the attribute's tag
     * @param vr the attribute's VR
     */
    String uriFor(List<Integer> itemPath, int tag, VR vr);
}
