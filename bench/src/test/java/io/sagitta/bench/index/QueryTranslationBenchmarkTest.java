package io.sagitta.bench.index;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sagitta.storage.index.impl.QuerySql;
import org.junit.jupiter.api.Test;

/** Every query of the translation benchmark parses cleanly, and parse then translate is what qidoToSql does. */
class QueryTranslationBenchmarkTest {

    @Test
    void eachQueryParsesAndTranslatesToTheSameStatementEitherWay() {
        for (QueryTranslationBenchmark.Query query : QueryTranslationBenchmark.Query.values()) {
            QueryTranslationBenchmark bench = new QueryTranslationBenchmark();
            bench.query = query;
            bench.setUp();
            QuerySql.Statement once = bench.translate();
            QuerySql.Statement again = bench.qidoToSql();
            assertEquals(once.sql(), again.sql(), query.name());
            assertEquals(bench.parse().toString(), bench.parse().toString(), query.name());
            assertEquals(101, bench.parse().limit(), query.name());
        }
    }
}
