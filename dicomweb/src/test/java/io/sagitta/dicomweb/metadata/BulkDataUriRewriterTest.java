package io.sagitta.dicomweb.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.sagitta.core.data.Dataset;
import io.sagitta.core.data.Sequence;
import io.sagitta.core.data.Tag;
import io.sagitta.core.data.VR;
import io.sagitta.core.json.DicomJsonReader;
import io.sagitta.storage.index.IndexedAttributes;
import org.junit.jupiter.api.Test;

/** The placeholder rewrite on JSON written by the index's own metadata writer. */
class BulkDataUriRewriterTest {

    private static Dataset instance() {
        Dataset d = new Dataset();
        d.setString(Tag.SOPInstanceUID, VR.UI, "1.2.3.4");
        d.setString(Tag.StudyInstanceUID, VR.UI, "1.2");
        d.setString(Tag.SeriesInstanceUID, VR.UI, "1.2.3");
        Sequence ref = d.newSequence(Tag.ReferencedSeriesSequence);
        ref.addItem().setString(Tag.SeriesInstanceUID, VR.UI, "9.9.9");
        d.setString(Tag.ImageComments, VR.LT, "\"BulkDataURI\":\"bulkdata/ and \\ \"quotes\"");
        d.setBytes(Tag.PixelData, VR.OW, new byte[4096]);
        return d;
    }

    private static String rewrite(String json, String study, String series, String sop) {
        StringBuilder out = new StringBuilder();
        BulkDataUriRewriter.append(json, "http://h/dicom-web", study, series, sop, out);
        return out.toString();
    }

    @Test
    void placeholdersBecomeUrlsUnderTheInstanceAndTextStays() {
        String stored = IndexedAttributes.metadataJson(instance());
        String rewritten = rewrite(stored, "1.2", null, null);
        Dataset back = DicomJsonReader.create().readDataset(rewritten);
        assertEquals("http://h/dicom-web/studies/1.2/series/1.2.3/instances/1.2.3.4/bulkdata/7FE00010",
            back.getBulkData(Tag.PixelData).uri());
        assertEquals("\"BulkDataURI\":\"bulkdata/ and \\ \"quotes\"", back.getString(Tag.ImageComments));
        assertEquals(rewritten, rewrite(stored, "1.2", "1.2.3", "1.2.3.4"), "UIDs given or read agree");
    }

    @Test
    void nothingToRewriteIsCopiedAsIs() {
        Dataset d = instance();
        d.remove(Tag.PixelData);
        String stored = IndexedAttributes.metadataJson(d);
        assertEquals(stored, rewrite(stored, null, null, null));
    }

    @Test
    void topLevelUidsOnly() {
        String json = "{\"00081115\":{\"vr\":\"SQ\",\"Value\":[{\"0020000E\":{\"vr\":\"UI\",\"Value\":[\"9.9\"]}}]},"
            + "\"00204000\":{\"vr\":\"LT\",\"Value\":[\"\\\"0020000E\\\":{\"]},"
            + "\"0020000E\":{\"vr\":\"UI\",\"Value\":[\"1.2.3\"]}}";
        assertEquals("1.2.3", BulkDataUriRewriter.topLevelUid(json, "0020000E"));
        assertNull(BulkDataUriRewriter.topLevelUid(json, "00080018"));
        assertNull(BulkDataUriRewriter.topLevelUid("{\"0020000E\":{\"vr\":\"UI\"}}", "0020000E"), "no value");
    }
}
