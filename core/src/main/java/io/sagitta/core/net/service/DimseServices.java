package io.sagitta.core.net.service;

/**
 * The SCP services an acceptor dispatches to. C-ECHO is always served; C-STORE when a
 * {@link StoreService} is set; C-FIND when a {@link FindService} is set (negotiate the FIND SOP classes of
 * {@link QueryRetrieveModel} only then: without it a C-FIND-RQ is answered 0122H, SOP class not supported).
 *
 * C-MOVE when a {@link MoveService} is set (likewise, negotiate the MOVE SOP classes only then).
 *
 * C-GET when a {@link GetService} is set (negotiate the GET SOP classes, and the SCP role for the requestor on
 * storage SOP classes, only then); without it a C-GET-RQ is answered 0122H.
 */
public final class DimseServices {

    private EchoService echo = EchoService.SUCCESS;
    private StoreService store;
    private FindService find;
    private MoveService move;
    private GetService get;

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

    /** Null when C-MOVE is not served. */
    public MoveService move() {
        return move;
    }

    public DimseServices move(MoveService move) {
        this.move = move;
        return this;
    }

    /** Null when C-GET is not served. */
    public GetService get() {
        return get;
    }

    public DimseServices get(GetService get) {
        this.get = get;
        return this;
    }
}
