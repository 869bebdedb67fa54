package io.sagitta.storage.index.impl;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Row;
import io.r2dbc.spi.Statement;
import java.util.List;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Small helpers for running parameterised statements on one R2DBC connection. */
final class Sql {

    /** A null bind value of a given type (R2DBC needs the type of a null). */
    record NullOf(Class<?> type) {
    }

    private Sql() {
    }

    static Object orNull(Object value, Class<?> type) {
        return value == null ? new NullOf(type) : value;
    }

    static Statement statement(Connection c, String sql, List<?> params) {
        Statement s = c.createStatement(sql);
        for (int i = 0; i < params.size(); i++) {
            Object p = params.get(i);
            if (p instanceof NullOf) {
                s.bindNull(i, ((NullOf) p).type());
            } else {
                s.bind(i, p);
            }
        }
        return s;
    }

    /** Rows mapped while they are valid (an R2DBC row lives only inside the mapping function). */
    static <T> Flux<T> rows(Connection c, String sql, Function<Row, T> mapper, Object... params) {
        return Flux.from(statement(c, sql, List.of(params)).execute()).concatMap(r -> r.map((row, meta) -> mapper.apply(row)));
    }

    /**
     * The first row (or nothing). The whole result is read, never cancelled half-way: a cancelled
     * result can leave a pooled connection mid-conversation for its next user.
     */
    static <T> Mono<T> one(Connection c, String sql, Function<Row, T> mapper, Object... params) {
        return rows(c, sql, mapper, params).collectList().flatMap(list -> list.isEmpty() ? Mono.empty() : Mono.just(list.get(0)));
    }

    static Mono<Long> update(Connection c, String sql, Object... params) {
        return Flux.from(statement(c, sql, List.of(params)).execute()).concatMap(r -> r.getRowsUpdated()).reduce(0L, Long::sum);
    }

    /** Runs {@code work} in a transaction on {@code c}: committed when it succeeds, rolled back when it fails or is cancelled. */
    static <T> Mono<T> inTransaction(Connection c, Function<Connection, Mono<T>> work) {
        return Mono.from(c.beginTransaction())
            .then(Mono.defer(() -> work.apply(c)))
            .flatMap(result -> Mono.from(c.commitTransaction()).thenReturn(result))
            .switchIfEmpty(Mono.defer(() -> Mono.from(c.commitTransaction()).then(Mono.empty())))
            .onErrorResume(e -> Mono.from(c.rollbackTransaction()).onErrorResume(x -> Mono.empty()).then(Mono.error(e)));
    }
}
