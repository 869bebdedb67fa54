package io.sagitta.dicomweb.qido;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sagitta.core.data.Tag;
import io.sagitta.dicomweb.http.HttpProblem;
import io.sagitta.storage.index.InvalidQueryException;
import io.sagitta.storage.index.Match;
import io.sagitta.storage.index.QueryLevel;
import io.vertx.core.MultiMap;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Query parameters to index queries, without HTTP. */
class QidoQueryTest {

    private static MultiMap params(String... namesAndValues) {
        MultiMap m = MultiMap.caseInsensitiveMultiMap();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            m.add(namesAndValues[i], namesAndValues[i + 1]);
        }
        return m;
    }

    private static QidoQuery parse(QueryLevel level, String... namesAndValues) {
        return QidoQuery.parse(level, null, null, params(namesAndValues), 0);
    }

    @Test
    void keywordsTagsAndUidLists() {
        QidoQuery q = parse(QueryLevel.STUDY, "PatientName", "doe*", "00100020", "P1", "StudyInstanceUID", "1.2,1.3\\1.4");
        assertEquals(new Match.Values(List.of("doe*")), q.indexQuery().matches().get(Tag.PatientName));
        assertEquals(new Match.Values(List.of("P1")), q.indexQuery().matches().get(Tag.PatientID));
        assertEquals(new Match.Values(List.of("1.2", "1.3", "1.4")), q.indexQuery().matches().get(Tag.StudyInstanceUID));
        assertEquals(List.of(), q.warnings());
    }

    @Test
    void commasInTextValuesAreNotLists() {
        QidoQuery q = parse(QueryLevel.STUDY, "StudyDescription", "Chest, PA");
        assertEquals(new Match.Values(List.of("Chest, PA")), q.indexQuery().matches().get(Tag.StudyDescription));
    }

    @Test
    void pagingFuzzyAndIncludes() {
        QidoQuery q = parse(QueryLevel.STUDY, "limit", "101", "offset", "5", "fuzzymatching", "TRUE",
            "includefield", "00081030,StudyID", "includefield", "00100040");
        assertEquals(101, q.indexQuery().limit());
        assertEquals(5, q.indexQuery().offset());
        assertTrue(q.indexQuery().fuzzyPersonNames());
        assertTrue(q.indexQuery().returnKeys().containsAll(List.of(Tag.StudyDescription, Tag.StudyID, Tag.PatientSex)));
        assertTrue(q.indexQuery().returnKeys().containsAll(List.of(Tag.ModalitiesInStudy, Tag.NumberOfStudyRelatedInstances)),
            "defaults are always returned");
    }

    @Test
    void pathScopeWinsAndOrdersWithinAStudy() {
        QidoQuery q = QidoQuery.parse(QueryLevel.IMAGE, "1.2", null, params("StudyInstanceUID", "9.9"), 0);
        assertEquals(new Match.Values(List.of("1.2")), q.indexQuery().matches().get(Tag.StudyInstanceUID));
        assertEquals(List.of(Tag.SeriesNumber, Tag.InstanceNumber),
            q.indexQuery().orderBy().stream().map(o -> o.tag()).toList());
    }

    @Test
    void maximumLowersTheLimit() {
        QidoQuery q = QidoQuery.parse(QueryLevel.STUDY, null, null, params("limit", "500"), 100);
        assertEquals(100, q.indexQuery().limit());
        assertEquals(1, q.warnings().size());
        q = QidoQuery.parse(QueryLevel.STUDY, null, null, params(), 100);
        assertEquals(100, q.indexQuery().limit());
        assertEquals(List.of(), q.warnings());
    }

    @Test
    void unknownAndUnsupportedAreWarnings() {
        QidoQuery q = parse(QueryLevel.STUDY, "_", "123", "NoSuchKeyword", "x", "Modality", "CT",
            "ReferencedSeriesSequence.SeriesInstanceUID", "1", "includefield", "Bogus");
        assertEquals(5, q.warnings().size(), q.warnings().toString());
        assertTrue(q.indexQuery().matches().isEmpty(), q.indexQuery().matches().toString());
    }

    @Test
    void malformedAreErrors() {
        for (String[] p : List.of(new String[] {"limit", "x"}, new String[] {"limit", "-3"}, new String[] {"offset", "1e3"},
            new String[] {"limit", "3000000000"}, new String[] {"fuzzymatching", "yes"}, new String[] {"0010001G", "x"},
            new String[] {"includefield", "0010001G"})) {
            HttpProblem e = assertThrows(HttpProblem.class, () -> parse(QueryLevel.STUDY, p));
            assertEquals(400, e.status());
        }
        assertInstanceOf(InvalidQueryException.class, assertThrows(RuntimeException.class,
            () -> parse(QueryLevel.STUDY, "StudyDate", "2020-01-01")));
        assertInstanceOf(InvalidQueryException.class, assertThrows(RuntimeException.class,
            () -> parse(QueryLevel.STUDY, "StudyInstanceUID", "1.2.*")));
    }
}
