package io.sagitta.storage.index.impl;

import io.r2dbc.spi.Connection;
import reactor.core.publisher.Mono;

/**
 * The study and series counts and ModalitiesInStudy, kept exact by the transactions that store
 * and delete. Each runs while its transaction holds the study's row lock (taken by the study
 * upsert or by the delete's {@code FOR UPDATE}), so concurrent writers to one study apply their
 * changes one after another; instance counts move by increments (a study may have thousands of
 * instances), series counts and modalities are recounted from the study's few series.
 */
final class Aggregates {

    private Aggregates() {
    }

    static Mono<Long> adjustSeries(Connection c, long seriesPk, int delta) {
        return Sql.update(c, "UPDATE series SET num_instances = num_instances + $2, updated_at = now() WHERE pk = $1",
            seriesPk, delta);
    }

    /**
     * Moves the study's instance count by {@code delta} and recounts its series and modalities
     * (the {@code refresh_study} function of migrations V4 and V5, which a store also runs when a series
     * gets its first instance); emits the new instance count. {@code gainingSeriesPk} (or -1) is a series
     * about to receive an instance.
     */
    static Mono<Integer> refreshStudy(Connection c, long studyPk, int delta, long gainingSeriesPk) {
        return Sql.one(c, "SELECT refresh_study($1, $2, $3)", row -> row.get(0, Integer.class), studyPk, delta, gainingSeriesPk);
    }

    /** Takes the study's row lock (the first lock of every writer after the patient's). */
    static Mono<Long> lockStudy(Connection c, long studyPk) {
        return Sql.one(c, "SELECT pk FROM study WHERE pk = $1 FOR UPDATE", row -> row.get(0, Long.class), studyPk);
    }

    /** Removes series of the study left without instances. */
    static Mono<Long> dropEmptySeries(Connection c, long studyPk) {
        return Sql.update(c, "DELETE FROM series WHERE study_fk = $1 AND num_instances <= 0", studyPk);
    }

    /** Removes the study's empty series, the study if it has no instances left, then its patient if that has no studies left. */
    static Mono<Void> dropIfEmpty(Connection c, long studyPk, long patientPk) {
        return Sql.rows(c, "SELECT drop_if_empty($1, $2)", row -> Boolean.TRUE, studyPk, patientPk).then();
    }
}
