package io.sagitta.core.net.service;

/**
 * The C-GET SCP (PS3.4 C.4.3): as {@link MoveService}, but the C-STORE sub-operations go back over the same
 * association ({@link GetRequest#stores()}). Pending responses, final statuses (0000, B000, A702, FE00, A900,
 * C000) and C-CANCEL are handled by the association exactly as for C-MOVE.
 */
@FunctionalInterface
public interface GetService {

    /** @return the sub-operations; never null. May throw a {@link DimseException} to refuse at once. */
    MoveService.SubOperations get(GetRequest request);
}
