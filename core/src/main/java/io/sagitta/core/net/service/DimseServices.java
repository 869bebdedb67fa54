package io.sagitta.core.net.service;

/**
 * The SCP services an acceptor dispatches to. C-ECHO is always served; C-STORE when a
 * {@link StoreService} is set; C-FIND when a {@link FindService} is set (negotiate the FIND SOP classes of
 * {@link QueryRetrieveModel} only then: without it a C-FIND-RQ is answered 0122H, SOP class not supported).
 *
 * <p>C-MOVE and C-GET are not served yet: their requests are answered with 0211H (unrecognized
 * operation) and the acceptor should not negotiate their SOP classes. They will get their own service
 * interfaces here ({@code MoveService}, {@code GetService}) streaming pending responses.
 */
public final class DimseServices {

    private EchoService echo = EchoService.SUCCESS;
    private StoreService store;
    private FindService find;

    public static DimseServices create() {
        return new DimseServices();
    }

    public EchoService echo() {
        return echo;
    }

    public DimseServices echo(EchoService echo) {
        this.echo = echo;
        return this;
    }

    /** Null when C-STORE is not served. */
    public StoreService store() {
        return store;
    }

    public DimseServices store(StoreService store) {
        this.store = store;
        return this;
    }

    /** Null when C-FIND is not served. */
    public FindService find() {
        return find;
    }

    public DimseServices find(FindService find) {
        this.find = find;
        return this;
    }
}
