package io.sagitta.bench.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sagitta.core.data.BulkData;
import io.sagitta.core.data.Dataset;
import io.sagitta.core.data.Tag;
import io.sagitta.core.json.DicomJsonReader;
import io.sagitta.core.json.DicomJsonWriter;
import org.junit.jupiter.api.Test;

/** The benchmark encodes what it says: valid DICOM JSON of the whole header, Pixel Data by reference. */
class JsonEncodingBenchmarkTest {

    @Test
    void bothDocumentsReadBackWithEveryAttribute() throws Exception {
        JsonEncodingBenchmark bench = new JsonEncodingBenchmark();
        bench.prepare();
        DicomJsonWriter writer = DicomJsonWriter.create(JsonEncodingBenchmark.OPTIONS);

        Dataset ct = DicomJsonReader.create().readDataset(writer.toJson(bench.ct));
        assertEquals(bench.ct.size(), ct.size());
        BulkData pixels = ct.getBulkData(Tag.PixelData);
        assertEquals("http://localhost:8080/dicomweb/studies/1/series/2/instances/3/bulkdata/7FE00010", pixels.uri());
        assertEquals(bench.ct.getString(Tag.PatientName), ct.getString(Tag.PatientName));

        Dataset study = DicomJsonReader.create().readDataset(writer.toJson(bench.study));
        assertEquals(21, study.size());
        assertEquals(1552, study.getInt(Tag.NumberOfStudyRelatedInstances, -1));
        assertEquals(bench.ct.getString(Tag.StudyInstanceUID), study.getString(Tag.StudyInstanceUID));
        assertEquals(writer.toJson(bench.ct).length(), bench.ctHeader(), "one document per operation");
    }
}
