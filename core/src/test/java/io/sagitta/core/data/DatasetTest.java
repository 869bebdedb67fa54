package io.sagitta.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import org.junit.jupiter.api.Test;

class DatasetTest {

    @Test
    void keepsElementsSortedWhateverTheInsertionOrder() {
        Dataset ds = new Dataset(2);
        ds.setString(Tag.PatientID, VR.LO, "P1");
        ds.setString(Tag.SOPInstanceUID, VR.UI, "1.2.3");
        ds.setBytes(0xFFFCFFFC, VR.OB, new byte[2]); // sorts last: tags compare unsigned
        ds.setString(Tag.Modality, VR.CS, "CT");
        ds.setBytes(0x00091001, VR.UN, new byte[] {1, 2});
        int[] expected = {Tag.SOPInstanceUID, Tag.Modality, 0x00091001, Tag.PatientID, 0xFFFCFFFC};
        assertEquals(expected.length, ds.size());
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], ds.tagAt(i));
        }
        assertTrue(ds.remove(Tag.Modality));
        assertFalse(ds.contains(Tag.Modality));
        assertFalse(ds.remove(Tag.Modality));
        assertEquals(4, ds.size());
        ds.setString(Tag.PatientID, VR.LO, "P2");
        assertEquals("P2", ds.getString(Tag.PatientID));
        assertEquals(4, ds.size());
    }

    @Test
    void appendTakesTheFastPathInOrderAndStaysSortedOtherwise() {
        Dataset ds = new Dataset(1);
        ds.append(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 192".getBytes(StandardCharsets.US_ASCII));
        ds.append(Tag.Modality, VR.CS, "CT".getBytes(StandardCharsets.US_ASCII));
        ds.append(0x00091001, VR.UN, new byte[] {1, 2});
        ds.append(Tag.SOPInstanceUID, VR.UI, "1.2\0".getBytes(StandardCharsets.US_ASCII)); // out of order
        ds.append(0xFFFCFFFC, VR.OB, new byte[2]); // sorts last: tags compare unsigned
        ds.append(Tag.Modality, VR.CS, "MR".getBytes(StandardCharsets.US_ASCII)); // repeated: replaces
        int[] expected = {Tag.SpecificCharacterSet, Tag.SOPInstanceUID, Tag.Modality, 0x00091001, 0xFFFCFFFC};
        assertEquals(expected.length, ds.size());
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], ds.tagAt(i));
        }
        assertEquals("MR", ds.getString(Tag.Modality));
        assertArrayEquals(new String[] {"ISO_IR 192"}, ds.charset().terms());
    }

    @Test
    void padsAndTrimsTextAsTheVrSays() {
        Dataset ds = new Dataset();
        ds.setString(Tag.SOPInstanceUID, VR.UI, "1.2.3");
        assertArrayEquals("1.2.3\0".getBytes(StandardCharsets.US_ASCII), ds.getBytes(Tag.SOPInstanceUID));
        assertEquals("1.2.3", ds.getString(Tag.SOPInstanceUID));
        ds.setString(Tag.Modality, VR.CS, "MR\\CT", "");
        assertArrayEquals(new String[] {"MR", "CT", ""}, ds.getStrings(Tag.Modality));
        ds.setBytes(Tag.PatientID, VR.LO, "  ID 7  ".getBytes(StandardCharsets.US_ASCII));
        assertEquals("ID 7", ds.getString(Tag.PatientID));
        // LT keeps leading spaces and backslashes: it is one value.
        ds.setBytes(Tag.AdditionalPatientHistory, VR.LT, "  a\\b  ".getBytes(StandardCharsets.US_ASCII));
        assertArrayEquals(new String[] {"  a\\b"}, ds.getStrings(Tag.AdditionalPatientHistory));
        assertEquals(1, ds.valueCount(Tag.AdditionalPatientHistory));
        assertEquals(3, ds.valueCount(Tag.Modality));
        assertNull(ds.getString(Tag.StudyID));
        assertEquals("x", ds.getString(Tag.StudyID, "x"));
    }

    @Test
    void readsNumbersFromBinaryAndText() {
        Dataset ds = new Dataset();
        ds.setInt(Tag.Rows, VR.US, 512);
        ds.setInt(Tag.PixelPaddingValue, VR.SS, -2000);
        ds.setLong(Tag.SimpleFrameList, VR.UL, 4000000000L, 7);
        ds.setDouble(Tag.WindowCenter, VR.DS, 40, -12.5);
        ds.setString(Tag.InstanceNumber, VR.IS, " +12 ");
        ds.setDouble(Tag.RescaleSlope, VR.FD, 0.5);
        ds.setDouble(Tag.FrameTime, VR.FL, 33.25);
        ds.setInt(Tag.FrameIncrementPointer, VR.AT, Tag.FrameTime);
        assertEquals(512, ds.getInt(Tag.Rows, -1));
        assertEquals(-2000, ds.getInt(Tag.PixelPaddingValue, 0));
        assertEquals(4000000000L, ds.getLong(Tag.SimpleFrameList, 0));
        assertArrayEquals(new int[] {(int) 4000000000L, 7}, ds.getInts(Tag.SimpleFrameList));
        assertArrayEquals(new double[] {40, -12.5}, ds.getDoubles(Tag.WindowCenter));
        assertEquals("40\\-12.5", ds.getText(Tag.WindowCenter));
        assertEquals(12, ds.getInt(Tag.InstanceNumber, 0));
        assertEquals(0.5, ds.getDouble(Tag.RescaleSlope, 0));
        assertEquals(33.25, ds.getDouble(Tag.FrameTime, 0));
        assertEquals(Tag.FrameTime, ds.getInt(Tag.FrameIncrementPointer, 0));
        assertEquals("00181063", ds.getString(Tag.FrameIncrementPointer));
        assertEquals("512", ds.getString(Tag.Rows));
        assertEquals(-1, ds.getInt(Tag.Columns, -1));
        ds.setString(Tag.SliceThickness, VR.DS, "abc");
        assertEquals(7.0, ds.getDouble(Tag.SliceThickness, 7.0));
    }

    @Test
    void readsDatesAndTimes() {
        Dataset ds = new Dataset();
        ds.setString(Tag.StudyDate, VR.DA, "20240229");
        ds.setString(Tag.StudyTime, VR.TM, "101530.25");
        ds.setString(Tag.AcquisitionDateTime, VR.DT, "20240229101530.123456+0100");
        assertEquals(LocalDate.of(2024, 2, 29), ds.getDate(Tag.StudyDate));
        assertEquals(LocalTime.of(10, 15, 30, 250_000_000), ds.getTime(Tag.StudyTime));
        assertEquals(LocalDateTime.of(2024, 2, 29, 10, 15, 30, 250_000_000), ds.getDateTime(Tag.StudyDate, Tag.StudyTime));
        assertEquals(LocalDateTime.of(2024, 2, 29, 10, 15, 30, 123_456_000), ds.getDateTime(Tag.AcquisitionDateTime));
        ds.setString(Tag.SeriesDate, VR.DA, "20240230");
        assertNull(ds.getDate(Tag.SeriesDate));
    }

    @Test
    void parsesPartialAndLegacyDateTimeForms() {
        assertEquals(LocalDate.of(1999, 12, 31), DateTimes.parseDate("1999.12.31"));
        assertEquals(LocalTime.of(10, 0), DateTimes.parseTime("10"));
        assertEquals(LocalTime.of(10, 15), DateTimes.parseTime("1015"));
        assertEquals(LocalTime.of(10, 15, 30), DateTimes.parseTime("10:15:30"));
        assertEquals(LocalTime.of(23, 59, 59), DateTimes.parseTime("235960")); // leap second
        assertNull(DateTimes.parseTime("101"));
        assertNull(DateTimes.parseTime("2500"));
        assertEquals(LocalDateTime.of(2020, 1, 1, 0, 0), DateTimes.parseDateTime("2020"));
        assertEquals(LocalDateTime.of(2020, 6, 1, 0, 0), DateTimes.parseDateTime("202006"));
        assertNull(DateTimes.parseDateTime("20200"));
        assertNull(DateTimes.parseDateTime("2020+25"));
        assertNull(DateTimes.parseDate(""));
    }

    @Test
    void itemsInheritTheCharacterSetOfTheirParent() {
        Dataset ds = new Dataset();
        ds.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 192");
        Sequence seq = ds.newSequence(Tag.ReferencedStudySequence);
        Dataset item = seq.addItem();
        assertSame(ds, item.parent());
        item.setString(Tag.PatientName, VR.PN, "Żółć^Łukasz");
        assertArrayEquals("Żółć^Łukasz".getBytes(StandardCharsets.UTF_8), item.getBytes(Tag.PatientName)); // 16 bytes: no padding
        assertEquals("Żółć^Łukasz", item.getString(Tag.PatientName));
        assertEquals(1, ds.valueCount(Tag.ReferencedStudySequence));
        assertSame(seq, ds.getSequence(Tag.ReferencedStudySequence));
    }

    @Test
    void itemsFollowALaterChangeOfTheParentsCharacterSet() {
        Dataset ds = new Dataset();
        Dataset item = ds.newSequence(Tag.ReferencedStudySequence).addItem();
        item.setBytes(Tag.PatientName, VR.PN, new byte[] {(byte) 0xC4, (byte) 0x85}); // "ą" in UTF-8
        assertEquals("\u00C4\u0085", item.getString(Tag.PatientName)); // default set: Latin-1, lossless
        ds.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 192");
        assertEquals("ą", item.getString(Tag.PatientName));
    }

    @Test
    void storesIntegersGivenForFloatingPointVrsAsFloatingPoint() {
        Dataset ds = new Dataset();
        ds.setInt(Tag.FrameTime, VR.FL, 3);
        ds.setLong(Tag.RescaleSlope, VR.FD, 2);
        assertEquals(3.0, ds.getDouble(Tag.FrameTime, 0));
        assertEquals(2.0, ds.getDouble(Tag.RescaleSlope, 0));
    }

    @Test
    void decodesJapaneseWithCodeExtensions() {
        // PS3.5 H.3.1: "Yamada^Tarou=山田^太郎=やまだ^たろう" in ISO 2022 IR 87.
        Dataset ds = new Dataset();
        ds.setString(Tag.SpecificCharacterSet, VR.CS, "", "ISO 2022 IR 87");
        ds.setString(Tag.PatientName, VR.PN, "Yamada^Tarou=山田^太郎=やまだ^たろう");
        assertEquals("Yamada^Tarou=山田^太郎=やまだ^たろう", ds.getString(Tag.PatientName));
        byte[] bytes = ds.getBytes(Tag.PatientName);
        assertEquals(0x1B, bytes[13] & 0xFF, "escape sequence after the first '='");
    }

    @Test
    void formatsDecimalStringsWithinSixteenCharacters() {
        assertEquals("40", Dataset.formatDecimal(40));
        assertEquals("0.1", Dataset.formatDecimal(0.1));
        assertTrue(Dataset.formatDecimal(Math.PI).length() <= 16);
        assertTrue(Dataset.formatDecimal(-1.234567890123456789e-200).length() <= 16);
        assertEquals(Math.PI, Double.parseDouble(Dataset.formatDecimal(Math.PI)), 1e-13);
    }
}
