package io.sagitta.bench.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sagitta.core.data.BulkData;
import io.sagitta.core.data.Dataset;
import io.sagitta.core.data.Tag;
import io.sagitta.core.data.TransferSyntax;
import io.sagitta.core.data.UID;
import io.sagitta.core.io.DatasetCollector;
import io.sagitta.core.io.DicomFiles;
import io.sagitta.core.io.DicomParserOptions;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SyntheticStudiesTest {

    private static final DicomParserOptions SKIP = DicomParserOptions.create().pixelData(DicomParserOptions.PixelData.SKIP);

    @Test
    void instancesParseAsPart10WithTheirIdentityAndPixelDataLast() {
        SyntheticStudies studies = SyntheticStudies.create(InstanceShape.preset("CT"), 3, 7);
        GeneratedInstance g = studies.instance(2, 1);
        byte[] file = g.part10Bytes();
        DicomFiles.Parsed parsed = DicomFiles.parse(file, SKIP, DatasetCollector.BulkValues.REFERENCE);
        Dataset d = parsed.dataset();

        assertEquals(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, parsed.transferSyntax());
        assertEquals(UID.CTImageStorage, parsed.fileMeta().getString(Tag.MediaStorageSOPClassUID));
        assertEquals(g.sopInstanceUid(), parsed.fileMeta().getString(Tag.MediaStorageSOPInstanceUID));
        assertEquals(studies.studyUid(2), d.getString(Tag.StudyInstanceUID));
        assertEquals(studies.seriesUid(2), d.getString(Tag.SeriesInstanceUID));
        assertEquals(studies.sopInstanceUid(2, 1), d.getString(Tag.SOPInstanceUID));
        assertEquals(studies.patientName(2), d.getString(Tag.PatientName));
        assertTrue(studies.patientName(2).startsWith(studies.patientPrefix()));
        assertEquals(studies.studyDate(2).toString().replace("-", ""), d.getString(Tag.StudyDate));
        assertEquals(2, d.getInt(Tag.InstanceNumber, -1));
        assertEquals(512, d.getInt(Tag.Rows, -1));
        assertEquals(16, d.getInt(Tag.BitsAllocated, -1));
        BulkData pixels = d.getBulkData(Tag.PixelData);
        assertEquals(512 * 512 * 2, pixels.length());
        assertEquals(file.length, pixels.offset() + pixels.length(), "Pixel Data is the last element");
        assertEquals(file.length, g.part10Length());
        assertEquals(file.length - g.fileMeta().length, g.datasetLength());
    }

    @Test
    void smallEightBitMrHasItsShape() {
        SyntheticStudies studies = SyntheticStudies.create(new InstanceShape("MR", 63, 65, 8), 1, 1);
        Dataset d = DicomFiles.parse(studies.instance(0, 0).part10Bytes(), SKIP, DatasetCollector.BulkValues.REFERENCE)
            .dataset();
        assertEquals(UID.MRImageStorage, d.getString(Tag.SOPClassUID));
        assertEquals("MR", d.getString(Tag.Modality));
        assertEquals(63, d.getInt(Tag.Rows, -1));
        assertEquals(65, d.getInt(Tag.Columns, -1));
        assertEquals(8, d.getInt(Tag.BitsAllocated, -1));
        assertEquals(7, d.getInt(Tag.HighBit, -1));
        assertEquals(63 * 65 + 1, d.getBulkData(Tag.PixelData).length(), "odd length padded to even");
        assertEquals(64 * 64 * 2, InstanceShape.preset("small").pixelBytes());
        assertEquals(64 * 64 * 2, InstanceShape.preset("small").frameBytes());
    }

    @Test
    void multiFrameRepeatsOneSharedFrame() {
        SyntheticStudies studies = SyntheticStudies.create(InstanceShape.preset("small").withFrames(3), 1, 1);
        GeneratedInstance g = studies.instance(0, 0);
        Dataset d = DicomFiles.parse(g.part10Bytes(), SKIP, DatasetCollector.BulkValues.REFERENCE).dataset();
        assertEquals(UID.EnhancedCTImageStorage, d.getString(Tag.SOPClassUID));
        assertEquals(3, d.getInt(Tag.NumberOfFrames, -1));
        assertEquals(3, d.getSequence(Tag.PerFrameFunctionalGroupsSequence).size());
        assertEquals(3L * 64 * 64 * 2, d.getBulkData(Tag.PixelData).length());
        assertEquals(64 * 64 * 2, g.pixels().length, "one frame in memory");
        assertEquals(4, g.datasetBuffers().length);
        long sent = 0;
        for (io.netty.buffer.ByteBuf b : g.part10Buffers()) {
            sent += b.readableBytes();
            b.release();
        }
        assertEquals(g.part10Length(), sent);

        // 2 GiB of Pixel Data from 512 KiB of memory, its length in the element header.
        GeneratedInstance big = SyntheticStudies.create(InstanceShape.preset("CT").withFrames(4096), 1, 1).instance(0, 0);
        assertEquals(2L << 30, big.datasetLength() - big.header().length);
        assertEquals(512 * 512 * 2, big.pixels().length);
        int at = big.header().length - 4;
        long length = (big.header()[at] & 0xFFL) | (big.header()[at + 1] & 0xFFL) << 8
            | (big.header()[at + 2] & 0xFFL) << 16 | (big.header()[at + 3] & 0xFFL) << 24;
        assertEquals(2L << 30, length);
    }

    @Test
    void uidsAreUniqueWithinARunValidAndNewEveryRun() {
        SyntheticStudies a = SyntheticStudies.create(InstanceShape.preset("small"), 20, 1);
        SyntheticStudies b = SyntheticStudies.create(InstanceShape.preset("small"), 20, 1);
        Set<String> seen = new HashSet<>();
        for (SyntheticStudies run : new SyntheticStudies[] {a, b}) {
            for (int s = 0; s < 30; s++) {
                assertTrue(seen.add(run.studyUid(s)));
                assertTrue(seen.add(run.seriesUid(s)));
                for (int i = 0; i < 20; i++) {
                    String uid = run.sopInstanceUid(s, i);
                    assertTrue(seen.add(uid), uid);
                    assertTrue(uid.length() <= 64 && uid.matches("(0|[1-9][0-9]*)(\\.(0|[1-9][0-9]*))*"), uid);
                }
            }
        }
        assertNotEquals(a.uidRoot(), b.uidRoot());
        assertEquals(a.studyDate(5), b.studyDate(5), "dates come from the seed alone");
        byte[] nonce = new byte[12];
        assertEquals(SyntheticStudies.create(InstanceShape.preset("CT"), 1, 9, nonce).uidRoot(),
            SyntheticStudies.create(InstanceShape.preset("CT"), 1, 9, nonce).uidRoot());
    }

    @Test
    void badShapesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new InstanceShape("US", 64, 64, 16));
        assertThrows(IllegalArgumentException.class, () -> new InstanceShape("CT", 64, 64, 12));
        assertThrows(IllegalArgumentException.class, () -> InstanceShape.preset("XA"));
        assertThrows(IllegalArgumentException.class, () -> InstanceShape.preset("MR").withFrames(2));
        assertThrows(IllegalArgumentException.class, () -> new InstanceShape("CT", 63, 63, 8, 2));
        assertThrows(IllegalArgumentException.class, () -> InstanceShape.preset("CT").withFrames(8192));
        assertThrows(IllegalArgumentException.class, () -> SyntheticStudies.create(InstanceShape.preset("CT"), 2, 1)
            .instance(0, 2));
    }
}
