package io.sagitta.storage.index.impl;

import io.r2dbc.spi.Connection;
import io.sagitta.storage.index.InstanceLocation;
import io.sagitta.storage.index.Scope;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Removes the rows of a study, series or instance in one transaction and emits what was removed.
 * Locks patient then study, the order stores use, then deletes the instances, moves the counts,
 * and drops series, study and patient left empty. Blobs are the caller's to delete afterwards.
 */
final class DeleteTransaction {

    private final Scope scope;

    DeleteTransaction(Scope scope) {
        this.scope = scope;
    }

    Mono<List<InstanceLocation>> run(Connection c) {
        return Sql.inTransaction(c, tx -> Sql.one(tx, "SELECT pk, patient_fk FROM study WHERE study_uid = $1",
                row -> new long[] {row.get(0, Long.class), row.get(1, Long.class)}, scope.studyInstanceUid())
            .flatMap(pks -> lockAndDelete(tx, pks[0], pks[1]))
            .defaultIfEmpty(List.of()));
    }

    private Mono<List<InstanceLocation>> lockAndDelete(Connection c, long studyPk, long patientPk) {
        StringBuilder sql = new StringBuilder("DELETE FROM instance i USING series se WHERE i.series_fk = se.pk AND se.study_fk = $1");
        List<Object> params = new ArrayList<>(List.of(studyPk));
        if (scope.seriesInstanceUid() != null) {
            params.add(scope.seriesInstanceUid());
            sql.append(" AND se.series_uid = $").append(params.size());
        }
        if (scope.sopInstanceUid() != null) {
            params.add(scope.sopInstanceUid());
            sql.append(" AND i.sop_instance_uid = $").append(params.size());
        }
        sql.append(" RETURNING se.pk, se.series_uid, i.sop_instance_uid, i.sop_class_uid, i.transfer_syntax, i.blob_key, i.size, i.checksum");
        Map<Long, Integer> perSeries = new TreeMap<>();
        return Sql.one(c, "SELECT pk FROM patient WHERE pk = $1 FOR UPDATE", row -> row.get(0, Long.class), patientPk)
            .then(Aggregates.lockStudy(c, studyPk))
            .thenMany(Sql.rows(c, sql.toString(), row -> {
                perSeries.merge(row.get(0, Long.class), 1, Integer::sum);
                return new InstanceLocation(scope.studyInstanceUid(), row.get(1, String.class), row.get(2, String.class),
                    row.get(3, String.class), row.get(4, String.class), row.get(5, String.class), row.get(6, Long.class),
                    row.get(7, String.class));
            }, params.toArray()))
            .collectList()
            .flatMap(removed -> Flux.fromIterable(perSeries.entrySet())
                .concatMap(e -> Aggregates.adjustSeries(c, e.getKey(), -e.getValue()))
                .then(Aggregates.dropEmptySeries(c, studyPk))
                .then(Aggregates.refreshStudy(c, studyPk, -removed.size(), -1))
                .then(Aggregates.dropIfEmpty(c, studyPk, patientPk))
                .thenReturn(removed));
    }
}
