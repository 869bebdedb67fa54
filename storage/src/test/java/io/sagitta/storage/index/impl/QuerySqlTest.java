package io.sagitta.storage.index.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sagitta.core.data.Tag;
import io.sagitta.storage.index.IndexQuery;
import io.sagitta.storage.index.QueryLevel;
import java.util.List;
import org.junit.jupiter.api.Test;

class QuerySqlTest {

    @Test
    void valuesOnlyTravelAsParameters() {
        String evil = "x'); DROP TABLE study; --";
        QuerySql.Statement s = QuerySql.translate(IndexQuery.builder(QueryLevel.STUDY)
            .match(Tag.PatientName, evil + "*").match(Tag.AccessionNumber, evil).match(Tag.StudyDescription, "a\\" + evil)
            .match(Tag.ModalitiesInStudy, evil).limit(5).offset(10).build());
        assertFalse(s.sql().contains("DROP"), s.sql());
        assertFalse(s.sql().contains("'x"), s.sql());
        assertTrue(s.params().contains(evil), s.params().toString());
        assertTrue(s.sql().contains("LIMIT $") && s.sql().contains("OFFSET $"), s.sql());
    }

    @Test
    void likeMetacharactersAreEscapedAndPrefixesBecomeRanges() {
        assertEquals("50\\%\\_off%", LikePatterns.toLike("50%_off*"));
        assertEquals("a\\\\b_", LikePatterns.toLike("a\\b?"));
        assertEquals("DOE", LikePatterns.literalPrefix("DOE*^J?"));
        assertEquals("DOF", LikePatterns.prefixUpperBound("DOE"));
        QuerySql.Statement s = QuerySql.translate(IndexQuery.builder(QueryLevel.STUDY).match(Tag.PatientName, "doe*").build());
        assertTrue(s.sql().contains("p.name_upper LIKE $1 ESCAPE '\\' AND p.name_upper >= $2 AND p.name_upper < $3"), s.sql());
        assertEquals(List.of("DOE%", "DOE", "DOF"), s.params());
    }

    @Test
    void onlyTheTablesNeededAreJoined() {
        String series = QuerySql.translate(IndexQuery.builder(QueryLevel.SERIES).studyInstanceUid("1.2").build()).sql();
        assertFalse(series.contains("patient"), series);
        String image = QuerySql.translate(IndexQuery.builder(QueryLevel.IMAGE).match(Tag.PatientID, "P").build()).sql();
        assertTrue(image.contains("JOIN patient p"), image);
    }

    @Test
    void personNamesNormaliseForMatching() {
        assertEquals("MÜLLER^HANS", PersonNames.upper("Müller^Hans^^^"));
        assertEquals(" MULLER HANS", PersonNames.fuzzy("Müller^Hans"));
        assertEquals(" O BRIEN SIOBHAN", PersonNames.fuzzy("O'Brien^Siobhán=オブライエン"));
        assertEquals("YAMADA^TARO=山田^太郎", PersonNames.upperAllGroups("Yamada^Taro=山田^太郎="));
        assertEquals(null, PersonNames.upper("^^"));
    }
}
