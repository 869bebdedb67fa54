package io.sagitta.core.json;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sagitta.core.data.BulkData;
import io.sagitta.core.data.Dataset;
import io.sagitta.core.data.Fragments;
import io.sagitta.core.data.Sequence;
import io.sagitta.core.data.Tag;
import io.sagitta.core.data.Tags;
import io.sagitta.core.data.VR;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class DicomJsonWriterTest {

    /** JSON in tests is written with single quotes for readability. */
    static String q(String json) {
        return json.replace('\'', '"');
    }

    /** A dataset with every VR and the awkward cases: empty values, odd numbers, nested items. */
    static Dataset everyVr() {
        Dataset ds = new Dataset();
        ds.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 192");
        ds.setLong(0x00080000, VR.UL, 100); // group length: never written
        ds.setString(Tag.TransferSyntaxUID, VR.UI, "1.2.840.10008.1.2.1"); // file meta: not written by default
        ds.setString(Tag.ImageType, VR.CS, "ORIGINAL", "PRIMARY", "", "AXIAL");
        ds.setString(Tag.SOPClassUID, VR.UI, "1.2.840.10008.5.1.4.1.1.2");
        ds.setString(Tag.StudyDate, VR.DA, "20240131");
        ds.setString(Tag.AcquisitionDateTime, VR.DT, "20240131101500.25+0100");
        ds.setString(Tag.StudyTime, VR.TM, "101500.25");
        ds.setString(Tag.RetrieveAETitle, VR.AE, "SAGITTA");
        ds.setString(Tag.Modality, VR.CS, "");
        ds.setString(Tag.NameOfPhysiciansReadingStudy, VR.PN, "Doe^John", "", "=山田^太郎", "==やまだ");
        Sequence series = ds.newSequence(Tag.ReferencedSeriesSequence);
        Dataset item = series.addItem();
        item.setString(Tag.SeriesDescription, VR.LO, "Série 1");
        item.setString(Tag.SeriesInstanceUID, VR.UI, "1.2.3");
        Dataset sop = item.newSequence(Tag.ReferencedSOPSequence).addItem();
        sop.setString(Tag.ReferencedSOPClassUID, VR.UI, "1.2.840.10008.5.1.4.1.1.2");
        sop.setString(Tag.ReferencedSOPInstanceUID, VR.UI, "1.2.3.4");
        series.addItem();
        ds.setString(0x00081190, VR.UR, "https://pacs.example/studies/1.2");
        ds.setInt(0x00091001, VR.AT, 0x00100010, 0x7FE00010);
        ds.setDouble(0x00091002, VR.FL, 1.5, -0.25, 3, Double.NaN);
        ds.setDouble(0x00091003, VR.FD, 0.1, 1e300, -2);
        ds.setLong(0x00091004, VR.SL, Integer.MIN_VALUE, 7);
        ds.setLong(0x00091005, VR.UL, 4294967295L);
        ds.setLong(0x00091006, VR.SV, 9007199254740991L, -9007199254740992L, Long.MIN_VALUE);
        ds.setLong(0x00091007, VR.UV, -1L, 42);
        ds.setBytes(0x00091008, VR.OB, new byte[] {1, 2, 3});
        ds.setBytes(0x00091009, VR.OW, new byte[] {1, 0, 2, 0});
        ds.setDouble(0x0009100A, VR.OF, 1.0);
        ds.setBytes(0x0009100B, VR.OD, null);
        ds.setBytes(0x0009100C, VR.UN, new byte[] {(byte) 0xFF});
        ds.setString(0x0009100D, VR.UC, "a", "b");
        ds.setString(0x0009100E, VR.UT, "C:\\temp");
        ds.setString(0x0009100F, VR.ST, "Hello 😀");
        ds.setString(0x00091010, VR.SH, "", "X");
        ds.setBytes(0x00091011, VR.OL, new byte[] {1, 0, 0, 0});
        ds.setBytes(0x00091012, VR.OV, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        ds.setString(Tag.PatientName, VR.PN, "Yamada^Tarou=山田^太郎=やまだ^たろう");
        ds.setString(Tag.PatientID, VR.LO, "A", "", "B");
        ds.setString(Tag.PatientAge, VR.AS, "042Y");
        ds.setString(Tag.PatientSize, VR.DS, "1.50");
        ds.setString(Tag.PatientWeight, VR.DS, "72", "abc", "+.5", "1e3", "-0.0");
        ds.setInt(Tag.AcquisitionMatrix, VR.US, 0, 256, 256, 0);
        ds.setString(Tag.InstanceNumber, VR.IS, "007");
        ds.setString(Tag.NumberOfStudyRelatedInstances, VR.IS, "123456789012", "+5", "x1");
        ds.setString(Tag.ImageComments, VR.LT, "line1\r\nline2");
        ds.setInt(Tag.Rows, VR.US, 512);
        ds.setInt(Tag.SmallestImagePixelValue, VR.SS, -1);
        ds.newSequence(Tag.RequestAttributesSequence);
        return ds;
    }

    static final String EVERY_VR_JSON = q("{"
        + "'00080005':{'vr':'CS','Value':['ISO_IR 192']},"
        + "'00080008':{'vr':'CS','Value':['ORIGINAL','PRIMARY',null,'AXIAL']},"
        + "'00080016':{'vr':'UI','Value':['1.2.840.10008.5.1.4.1.1.2']},"
        + "'00080020':{'vr':'DA','Value':['20240131']},"
        + "'0008002A':{'vr':'DT','Value':['20240131101500.25+0100']},"
        + "'00080030':{'vr':'TM','Value':['101500.25']},"
        + "'00080054':{'vr':'AE','Value':['SAGITTA']},"
        + "'00080060':{'vr':'CS'},"
        + "'00081060':{'vr':'PN','Value':[{'Alphabetic':'Doe^John'},null,{'Ideographic':'山田^太郎'},{'Phonetic':'やまだ'}]},"
        + "'00081115':{'vr':'SQ','Value':["
        + "{'0008103E':{'vr':'LO','Value':['Série 1']},"
        + "'00081199':{'vr':'SQ','Value':[{'00081150':{'vr':'UI','Value':['1.2.840.10008.5.1.4.1.1.2']},"
        + "'00081155':{'vr':'UI','Value':['1.2.3.4']}}]},"
        + "'0020000E':{'vr':'UI','Value':['1.2.3']}},"
        + "{}]},"
        + "'00081190':{'vr':'UR','Value':['https://pacs.example/studies/1.2']},"
        + "'00091001':{'vr':'AT','Value':['00100010','7FE00010']},"
        + "'00091002':{'vr':'FL','Value':[1.5,-0.25,3,null]},"
        + "'00091003':{'vr':'FD','Value':[0.1,1.0E300,-2]},"
        + "'00091004':{'vr':'SL','Value':[-2147483648,7]},"
        + "'00091005':{'vr':'UL','Value':[4294967295]},"
        + "'00091006':{'vr':'SV','Value':[9007199254740991,'-9007199254740992','-9223372036854775808']},"
        + "'00091007':{'vr':'UV','Value':['18446744073709551615',42]},"
        + "'00091008':{'vr':'OB','InlineBinary':'AQID'},"
        + "'00091009':{'vr':'OW','InlineBinary':'AQACAA=='},"
        + "'0009100A':{'vr':'OF','InlineBinary':'AACAPw=='},"
        + "'0009100B':{'vr':'OD'},"
        + "'0009100C':{'vr':'UN','InlineBinary':'/w=='},"
        + "'0009100D':{'vr':'UC','Value':['a','b']},"
        + "'0009100E':{'vr':'UT','Value':['C:\\\\temp']},"
        + "'0009100F':{'vr':'ST','Value':['Hello 😀']},"
        + "'00091010':{'vr':'SH','Value':[null,'X']},"
        + "'00091011':{'vr':'OL','InlineBinary':'AQAAAA=='},"
        + "'00091012':{'vr':'OV','InlineBinary':'AQIDBAUGBwg='},"
        + "'00100010':{'vr':'PN','Value':[{'Alphabetic':'Yamada^Tarou','Ideographic':'山田^太郎','Phonetic':'やまだ^たろう'}]},"
        + "'00100020':{'vr':'LO','Value':['A',null,'B']},"
        + "'00101010':{'vr':'AS','Value':['042Y']},"
        + "'00101020':{'vr':'DS','Value':[1.5]},"
        + "'00101030':{'vr':'DS','Value':[72,'abc',0.5,1000,0]},"
        + "'00181310':{'vr':'US','Value':[0,256,256,0]},"
        + "'00200013':{'vr':'IS','Value':[7]},"
        + "'00201208':{'vr':'IS','Value':[123456789012,5,'x1']},"
        + "'00204000':{'vr':'LT','Value':['line1\\r\\nline2']},"
        + "'00280010':{'vr':'US','Value':[512]},"
        + "'00280106':{'vr':'SS','Value':[-1]},"
        + "'00400275':{'vr':'SQ'}"
        + "}");

    @Test
    void writesEveryVrKind() {
        assertEquals(EVERY_VR_JSON, DicomJsonWriter.create().toJson(everyVr()));
    }

    @Test
    void fileMetaOnlyWhenAsked() {
        Dataset ds = new Dataset();
        ds.setLong(Tag.FileMetaInformationGroupLength, VR.UL, 30);
        ds.setString(Tag.TransferSyntaxUID, VR.UI, "1.2.840.10008.1.2.1");
        ds.setString(Tag.PatientID, VR.LO, "P1");
        assertEquals(q("{'00100020':{'vr':'LO','Value':['P1']}}"), DicomJsonWriter.create().toJson(ds));
        DicomJsonOptions withMeta = DicomJsonOptions.builder().includeFileMeta(true).build();
        assertEquals(q("{'00020010':{'vr':'UI','Value':['1.2.840.10008.1.2.1']},'00100020':{'vr':'LO','Value':['P1']}}"),
            DicomJsonWriter.create(withMeta).toJson(ds));
    }

    @Test
    void base64MatchesTheJdkOnEitherSideOfTheStagingBuffer() {
        // 4096 characters are staged at a time (3072 bytes); the buffer is sized to the first value.
        int[] lengths = {1, 2, 3, 4, 3071, 3072, 3073, 7000, 5};
        Dataset ds = new Dataset();
        StringBuilder expected = new StringBuilder("{");
        for (int k = 0; k < lengths.length; k++) {
            byte[] bytes = new byte[lengths[k]];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) (i * 31 + k);
            }
            int tag = Tags.of(0x0009, 0x1001 + k);
            ds.setBytes(tag, VR.OB, bytes);
            expected.append(k == 0 ? "" : ",").append(q("'" + Tags.toHex(tag) + "':{'vr':'OB','InlineBinary':'"))
                .append(Base64.getEncoder().encodeToString(bytes)).append(q("'}"));
        }
        assertEquals(expected.append('}').toString(), DicomJsonWriter.create().toJson(ds));
    }

    @Test
    void escapesStrings() {
        Dataset ds = new Dataset();
        ds.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 192");
        ds.setString(Tag.ImageComments, VR.LT, "say \"hi\" \\ tab\t bell\u0007 ff\f bs\b del\u007F 😀 é");
        assertEquals("{\"00080005\":{\"vr\":\"CS\",\"Value\":[\"ISO_IR 192\"]},"
                + "\"00204000\":{\"vr\":\"LT\",\"Value\":[\"say \\\"hi\\\" \\\\ tab\\t bell\\u0007 ff\\f bs\\b del\u007F 😀 é\"]}}",
            DicomJsonWriter.create().toJson(ds));
    }

    @Test
    void escapesLoneSurrogates() throws Exception {
        StringBuilder sb = new StringBuilder();
        JsonWriter json = new JsonWriter(sb, 0);
        json.beginArray();
        json.string("a\uD800b\uDC00c\uD83D\uDE00");
        json.endArray();
        assertEquals("[\"a\\ud800b\\udc00c\uD83D\uDE00\"]", sb.toString());
    }

    @Test
    void bulkDataUrisFromThresholdAndFunction() {
        List<String> calls = new ArrayList<>();
        BulkDataUris uris = (path, tag, vr) -> {
            String where = path.stream().map(i -> Integer.toHexString(i)).collect(Collectors.joining("/"));
            calls.add(where + ":" + Tags.toHex(tag) + ":" + vr);
            return tag == 0x00091009 ? null : "https://pacs.example/bulk/" + (where.isEmpty() ? "" : where + "/") + Tags.toHex(tag);
        };
        DicomJsonOptions options = DicomJsonOptions.builder().bulkDataThreshold(16).bulkDataUris(uris).build();

        Dataset ds = new Dataset();
        ds.setBytes(0x00091008, VR.OB, new byte[17]); // over the threshold: URI
        ds.setBytes(0x00091009, VR.OW, new byte[32]); // over, but the function declines: inline
        ds.setBytes(0x0009100A, VR.OB, new byte[16]); // at the threshold: inline, function not asked
        ds.setValue(0x0009100B, VR.OB, BulkData.ofUri("https://elsewhere/x")); // own URI wins
        ds.setValue(0x0009100C, VR.UN, BulkData.ofRange(1000, 50)); // not held: URI from the function
        ds.setString(0x0009100D, VR.UT, "x".repeat(40)); // text stays inline unless textAsBulkData
        Dataset item = ds.newSequence(Tag.ReferencedSeriesSequence).addItem();
        item.setBytes(0x00091008, VR.OB, new byte[20]);
        Fragments fragments = new Fragments(VR.OB);
        fragments.add(new byte[0]);
        fragments.add(new byte[] {1, 2, 3, 4});
        ds.setValue(Tag.PixelData, VR.OB, fragments);

        String base = "https://pacs.example/bulk/";
        assertEquals(q("{"
                + "'00081115':{'vr':'SQ','Value':[{'00091008':{'vr':'OB','BulkDataURI':'" + base + "81115/0/00091008'}}]},"
                + "'00091008':{'vr':'OB','BulkDataURI':'" + base + "00091008'},"
                + "'00091009':{'vr':'OW','InlineBinary':'" + "A".repeat(43) + "='},"
                + "'0009100A':{'vr':'OB','InlineBinary':'" + "A".repeat(22) + "=='},"
                + "'0009100B':{'vr':'OB','BulkDataURI':'https://elsewhere/x'},"
                + "'0009100C':{'vr':'UN','BulkDataURI':'" + base + "0009100C'},"
                + "'0009100D':{'vr':'UT','Value':['" + "x".repeat(40) + "']},"
                + "'7FE00010':{'vr':'OB','BulkDataURI':'" + base + "7FE00010'}}"),
            DicomJsonWriter.create(options).toJson(ds));
        assertEquals(List.of("81115/0:00091008:OB", ":00091008:OB", ":00091009:OW", ":0009100C:UN", ":7FE00010:OB"), calls);

        String withText = DicomJsonWriter.create(options.toBuilder().textAsBulkData(true).build()).toJson(ds);
        assertEquals(true, withText.contains(q("'0009100D':{'vr':'UT','BulkDataURI':'" + base + "0009100D'}")), withText);
    }

    @Test
    void valuesNotHeldWithoutUrisKeepOnlyTheVr() {
        Dataset ds = new Dataset();
        ds.setValue(0x0009100C, VR.UN, BulkData.ofRange(1000, 50));
        Fragments fragments = new Fragments(VR.OB);
        fragments.add(new byte[0]);
        fragments.add(new byte[] {1, 2, 3, 4});
        ds.setValue(Tag.PixelData, VR.OB, fragments);
        assertEquals(q("{'0009100C':{'vr':'UN'},'7FE00010':{'vr':'OB'}}"), DicomJsonWriter.create().toJson(ds));
    }

    @Test
    void numbersAtTheEdges() {
        Dataset ds = new Dataset();
        ds.setDouble(0x00091002, VR.FL, Float.POSITIVE_INFINITY, -0.0, 1e-7, 16777216, 3.4028234663852886E38);
        ds.setDouble(0x00091003, VR.FD, Double.NEGATIVE_INFINITY, 1e15, 123456789012345.0, Double.MIN_VALUE);
        ds.setLong(0x00091006, VR.SV, -9007199254740991L, 9007199254740992L);
        ds.setLong(0x00091007, VR.UV, 9007199254740991L, 9007199254740992L);
        ds.setString(Tag.PatientWeight, VR.DS, "1E+02", "0.0000001", "-00012.3400", "12345678901234567890123", "1e999999",
            "NaN", "1,5");
        assertEquals(q("{"
                + "'00091002':{'vr':'FL','Value':[null,-0.0,1.0E-7,1.6777216E7,3.4028235E38]},"
                + "'00091003':{'vr':'FD','Value':[null,1.0E15,123456789012345,4.9E-324]},"
                + "'00091006':{'vr':'SV','Value':[-9007199254740991,'9007199254740992']},"
                + "'00091007':{'vr':'UV','Value':[9007199254740991,'9007199254740992']},"
                + "'00101030':{'vr':'DS','Value':[100,1E-7,-12.34,12345678901234567890123,'1e999999','NaN','1,5']}}"),
            DicomJsonWriter.create().toJson(ds));
    }

    @Test
    void prettyPrints() {
        Dataset ds = new Dataset();
        ds.setString(Tag.ImageType, VR.CS, "ORIGINAL", "PRIMARY");
        ds.setString(Tag.Modality, VR.CS, "");
        Dataset item = ds.newSequence(Tag.ReferencedSeriesSequence).addItem();
        item.setString(Tag.SeriesInstanceUID, VR.UI, "1.2.3");
        ds.newSequence(Tag.ReferencedSOPSequence).addItem();
        ds.setString(Tag.PatientName, VR.PN, "Doe^Jane");
        String expected = String.join("\n",
            "{",
            "  '00080008': {",
            "    'vr': 'CS',",
            "    'Value': ['ORIGINAL', 'PRIMARY']",
            "  },",
            "  '00080060': {",
            "    'vr': 'CS'",
            "  },",
            "  '00081115': {",
            "    'vr': 'SQ',",
            "    'Value': [",
            "      {",
            "        '0020000E': {",
            "          'vr': 'UI',",
            "          'Value': ['1.2.3']",
            "        }",
            "      }",
            "    ]",
            "  },",
            "  '00081199': {",
            "    'vr': 'SQ',",
            "    'Value': [",
            "      {}",
            "    ]",
            "  },",
            "  '00100010': {",
            "    'vr': 'PN',",
            "    'Value': [",
            "      {",
            "        'Alphabetic': 'Doe^Jane'",
            "      }",
            "    ]",
            "  }",
            "}");
        assertEquals(q(expected), DicomJsonWriter.create(DicomJsonOptions.builder().indent(2).build()).toJson(ds));
    }

    @Test
    void writesArraysOfDatasets() throws Exception {
        Dataset a = new Dataset();
        a.setString(Tag.StudyInstanceUID, VR.UI, "1.2");
        Dataset b = new Dataset();
        StringBuilder sb = new StringBuilder();
        DicomJsonWriter.create().writeArray(List.of(a, b), sb);
        assertEquals(q("[{'0020000D':{'vr':'UI','Value':['1.2']}},{}]"), sb.toString());
    }
}
