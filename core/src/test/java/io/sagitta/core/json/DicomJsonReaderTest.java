package io.sagitta.core.json;

import static io.sagitta.core.json.DicomJsonWriterTest.q;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sagitta.core.data.BulkData;
import io.sagitta.core.data.Dataset;
import io.sagitta.core.data.Tag;
import io.sagitta.core.data.VR;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class DicomJsonReaderTest {

    private final DicomJsonReader reader = DicomJsonReader.create();
    private final DicomJsonWriter writer = DicomJsonWriter.create();

    @Test
    void roundTripsCanonicalJson() {
        String json = DicomJsonWriterTest.EVERY_VR_JSON;
        assertEquals(json, writer.toJson(reader.readDataset(json)));
    }

    @Test
    void roundTripsBulkDataUris() {
        String json = q("{'00091008':{'vr':'OB','BulkDataURI':'https://pacs.example/bulk/1'},"
            + "'7FE00010':{'vr':'OW','BulkDataURI':'https://pacs.example/frames/1'}}");
        Dataset ds = reader.readDataset(json);
        assertEquals(BulkData.ofUri("https://pacs.example/bulk/1"), ds.getBulkData(0x00091008));
        assertEquals(json, writer.toJson(ds));
    }

    @Test
    void decodesValuesIntoTheirDicomEncoding() {
        Dataset ds = reader.readDataset(q("{"
            + "'00091001':{'vr':'AT','Value':['00100010','7fe00010']},"
            + "'00091002':{'vr':'FL','Value':[1.5,null,1e-50]},"
            + "'00091006':{'vr':'SV','Value':['-9223372036854775808',12]},"
            + "'00091007':{'vr':'UV','Value':['18446744073709551615',1.0,2e3]},"
            + "'00091008':{'vr':'OB','InlineBinary':'AQID'},"
            + "'00101020':{'vr':'DS','Value':[0.123456789012345678901,'  007.50 ',1e300]},"
            + "'00200013':{'vr':'IS','Value':[-12,'+0042',4.0E2]},"
            + "'00280106':{'vr':'SS','Value':[-32768]},"
            + "'00100010':{'vr':'PN','Value':[{'Phonetic':'p','Alphabetic':'a'},{},'Plain^Name',null,{'Ideographic':'i'}]}"
            + "}"));
        assertArrayEquals(new int[] {0x00100010, 0x7FE00010}, ds.getInts(0x00091001));
        assertEquals(1.5, ds.getDouble(0x00091002, 0, 0), 0);
        assertTrue(Double.isNaN(ds.getDouble(0x00091002, 1, 0)));
        assertEquals(0.0, ds.getDouble(0x00091002, 2, 1), 0);
        assertEquals(Long.MIN_VALUE, ds.getLong(0x00091006, 0, 0));
        assertEquals(-1L, ds.getLong(0x00091007, 0, 0));
        assertEquals(2000L, ds.getLong(0x00091007, 2, 0));
        assertArrayEquals(new byte[] {1, 2, 3}, ds.getBytes(0x00091008));
        assertEquals("0.12345678901235\\  007.50 \\1e300", ds.getText(Tag.PatientSize));
        assertEquals("-12\\+0042\\400", ds.getText(Tag.InstanceNumber));
        assertEquals(-32768, ds.getInt(Tag.SmallestImagePixelValue, 0));
        assertEquals("a==p\\\\Plain^Name\\\\=i", ds.getText(Tag.PatientName));
        assertNull(ds.getValue(Tag.SpecificCharacterSet), "ASCII text needs no character set");
    }

    @Test
    void emptyAttributesAndSequences() {
        Dataset ds = reader.readDataset(q("{'00080060':{'vr':'CS'},'00081115':{'vr':'SQ','Value':[]},"
            + "'00081199':{'vr':'SQ','Value':[{}]},'00100010':{'vr':'PN','Value':[]}}"));
        assertEquals(0, ds.getBytes(Tag.Modality).length);
        assertEquals(0, ds.getSequence(Tag.ReferencedSeriesSequence).size());
        assertEquals(1, ds.getSequence(Tag.ReferencedSOPSequence).size());
        assertEquals(0, ds.getBytes(Tag.PatientName).length);
        assertEquals(q("{'00080060':{'vr':'CS'},'00081115':{'vr':'SQ'},'00081199':{'vr':'SQ','Value':[{}]},'00100010':{'vr':'PN'}}"),
            writer.toJson(ds));
    }

    @Test
    void nonAsciiTextWithoutACharacterSetBecomesUtf8() {
        Dataset ds = reader.readDataset(q("{'00081115':{'vr':'SQ','Value':[{'0008103E':{'vr':'LO','Value':['Série']}}]},"
            + "'00100010':{'vr':'PN','Value':[{'Alphabetic':'Wang^XiaoDong','Ideographic':'王^小東'}]}}"));
        assertEquals("ISO_IR 192", ds.getString(Tag.SpecificCharacterSet));
        assertEquals("Wang^XiaoDong=王^小東", ds.getString(Tag.PatientName));
        assertArrayEquals("Wang^XiaoDong=王^小東".getBytes(StandardCharsets.UTF_8), ds.getBytes(Tag.PatientName));
        assertEquals("Série", ds.getSequence(Tag.ReferencedSeriesSequence).get(0).getString(Tag.SeriesDescription));
    }

    @Test
    void declaredCharacterSetIsKeptWhenItHoldsTheText() {
        Dataset ds = reader.readDataset(q("{'00100010':{'vr':'PN','Value':[{'Alphabetic':'Müller'}]},"
            + "'00080005':{'vr':'CS','Value':['ISO_IR 100']}}"));
        assertEquals("ISO_IR 100", ds.getString(Tag.SpecificCharacterSet));
        assertArrayEquals("Müller".getBytes(StandardCharsets.ISO_8859_1), ds.getBytes(Tag.PatientName));

        Dataset replaced = reader.readDataset(q("{'00080005':{'vr':'CS','Value':['ISO_IR 100']},"
            + "'00100010':{'vr':'PN','Value':[{'Alphabetic':'王^小東'}]}}"));
        assertEquals("ISO_IR 192", replaced.getString(Tag.SpecificCharacterSet));
        assertEquals("王^小東", replaced.getString(Tag.PatientName));
    }

    @Test
    void readsArraysSingleObjectsAndUtf8Streams() {
        String two = q("[{'0020000D':{'vr':'UI','Value':['1.2']}},{'0020000D':{'vr':'UI','Value':['1.3']}}]");
        List<Dataset> datasets = reader.readDatasets(two);
        assertEquals(2, datasets.size());
        assertEquals("1.3", datasets.get(1).getString(Tag.StudyInstanceUID));
        assertEquals(1, reader.readDatasets(q("{'0020000D':{'vr':'UI','Value':['1.2']}}")).size());
        assertEquals(0, reader.readDatasets("[]").size());
        byte[] utf8 = ("\uFEFF" + q(" { '00100010' : { 'Value' : [ { 'Alphabetic' : 'Ünal' } ] , 'vr' : 'PN' } } \n"))
            .getBytes(StandardCharsets.UTF_8);
        Dataset ds = reader.readDatasets(new ByteArrayInputStream(utf8)).get(0);
        assertEquals("Ünal", ds.getString(Tag.PatientName));
    }

    @Test
    void toleratesMissingVrAndUnknownMembers() {
        Dataset ds = reader.readDataset(q("{'00100020':{'Value':['ID1'],'keyword':'PatientID'},"
            + "'00081115':{'Value':[{'0020000E':{'vr':'UI','Value':['1.2.3'],'extra':{'a':[1,[2],{}]}}}]}}"));
        assertEquals(VR.LO, ds.vrOf(Tag.PatientID));
        assertEquals("ID1", ds.getString(Tag.PatientID));
        assertEquals("1.2.3", ds.getSequence(Tag.ReferencedSeriesSequence).get(0).getString(Tag.SeriesInstanceUID));
    }

    /** Shaped like the QIDO-RS response of PS3.18 F.4: two studies, private data, PN groups, nested items. */
    @Test
    void readsAndRewritesAQidoLikeResponse() {
        String study = "{"
            + "'00080005':{'vr':'CS','Value':['ISO_IR 192']},"
            + "'00080020':{'vr':'DA','Value':['20230512']},"
            + "'00080030':{'vr':'TM','Value':['093000.0000']},"
            + "'00080050':{'vr':'SH','Value':['ACC0042']},"
            + "'00080056':{'vr':'CS','Value':['ONLINE']},"
            + "'00080061':{'vr':'CS','Value':['CT','PT']},"
            + "'00080090':{'vr':'PN','Value':[{'Alphabetic':'^Alice^^Dr.'}]},"
            + "'00081190':{'vr':'UR','Value':['https://pacs.example/dicomweb/studies/1.2.826.0.1.3680043.2.1125.1']},"
            + "'00090010':{'vr':'LO','Value':['Vendor X']},"
            + "'00091002':{'vr':'UN','InlineBinary':'q83vASM='},"
            + "'00100010':{'vr':'PN','Value':[{'Alphabetic':'Li^Wei','Ideographic':'李^伟'}]},"
            + "'00100020':{'vr':'LO','Value':['PID-7']},"
            + "'00100021':{'vr':'LO','Value':['Hospital North']},"
            + "'00100030':{'vr':'DA','Value':['19700101']},"
            + "'00100040':{'vr':'CS','Value':['F']},"
            + "'00101002':{'vr':'SQ','Value':["
            + "{'00100020':{'vr':'LO','Value':['PID-8']},'00100021':{'vr':'LO','Value':['Hospital South']}},"
            + "{'00100020':{'vr':'LO','Value':['PID-9']},'00100021':{'vr':'LO','Value':['Clinic East']}}]},"
            + "'0020000D':{'vr':'UI','Value':['1.2.826.0.1.3680043.2.1125.1']},"
            + "'00200010':{'vr':'SH','Value':['S42']},"
            + "'00201206':{'vr':'IS','Value':[3]},"
            + "'00201208':{'vr':'IS','Value':[512]}"
            + "}";
        String json = q("[" + study + "," + study.replace("1125.1", "1125.2").replace("PID-7", "PID-70") + "]");
        List<Dataset> studies = reader.readDatasets(json);
        assertEquals(2, studies.size());
        Dataset first = studies.get(0);
        assertEquals("Li^Wei=李^伟", first.getString(Tag.PatientName));
        assertEquals("Clinic East", first.getSequence(Tag.OtherPatientIDsSequence).get(1).getString(Tag.IssuerOfPatientID));
        assertArrayEquals(new byte[] {(byte) 0xAB, (byte) 0xCD, (byte) 0xEF, 0x01, 0x23}, first.getBytes(0x00091002));
        assertEquals(512, first.getInt(Tag.NumberOfStudyRelatedInstances, 0));
        assertEquals("PID-70", studies.get(1).getString(Tag.PatientID));
        StringBuilder sb = new StringBuilder();
        try {
            writer.writeArray(studies, sb);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        assertEquals(json, sb.toString());
    }

    @Test
    void limitsAreOptions() {
        DicomJsonReader strict = DicomJsonReader.create(DicomJsonOptions.builder().maxDepth(4).maxStringLength(8).build());
        strict.readDataset(q("{'00100020':{'vr':'LO','Value':['12345678']}}"));
        DicomJsonTestSupport.assertRejected(strict, q("{'00100020':{'vr':'LO','Value':['123456789']}}"), "longer than 8");
        DicomJsonTestSupport.assertRejected(strict,
            q("{'00081115':{'vr':'SQ','Value':[{'00100020':{'vr':'LO'}}]}}"), "deeper than 4");
    }
}
