package io.sagitta.bench.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sagitta.core.data.Dataset;
import io.sagitta.core.data.Tag;
import io.sagitta.core.data.VR;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The index benchmark end to end on 10,000 instances: it fills, checks its answers and reports. Times are not asserted. */
class IndexQueryBenchmarkTest {

    @Test
    void smallRunFillsQueriesAndReports() throws Exception {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        IndexQueryBenchmark.Result result = new IndexQueryBenchmark(10_000, 2, 5, true,
            new PrintStream(text, true, StandardCharsets.UTF_8)).run();
        String report = text.toString(StandardCharsets.UTF_8);
        assertTrue(report.contains("filled 10,000 instances (100 patients, 500 studies, 2,000 series)"), report);
        assertEquals(IndexQueryBenchmark.queries().keySet(), result.latencies().keySet());
        result.latencies().values().forEach(samples -> assertEquals(5, samples.count()));
        // 30 % of 500 studies are CT: always a full page; SMITH is the most common surname.
        assertEquals(100.0, result.latencies().get("ModalitiesInStudy=CT").meanRows());
        assertTrue(result.latencies().get("PatientName=SMI*").meanRows() > 0, report);
        assertTrue(result.latencies().get("StudyDate=<one month>").meanRows() > 0, report);
        assertTrue(report.contains("Execution Time"), "EXPLAIN ANALYZE is printed");
    }

    @Test
    void aWrongAnswerFailsTheBenchmark() {
        Dataset wrong = new Dataset();
        wrong.setString(Tag.PatientName, VR.PN, "JONES^ANNA");
        wrong.setString(Tag.StudyDate, VR.DA, "20200105");
        wrong.setString(Tag.ModalitiesInStudy, VR.CS, "CT");
        var query = IndexQueryBenchmark.queries().get("PatientName=SMI*").apply(new Random(1));
        assertThrows(IllegalStateException.class, () -> IndexQueryBenchmark.check(query, List.of(wrong)));
        wrong.setString(Tag.PatientName, VR.PN, "Smith^Anna");
        IndexQueryBenchmark.check(query, List.of(wrong));
    }
}
