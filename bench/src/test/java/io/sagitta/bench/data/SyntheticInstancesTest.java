package io.sagitta.bench.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.sagitta.core.data.BulkData;
import io.sagitta.core.data.Dataset;
import io.sagitta.core.data.Tag;
import io.sagitta.core.data.TransferSyntax;
import io.sagitta.core.data.UID;
import io.sagitta.core.io.DatasetCollector;
import io.sagitta.core.io.DicomFiles;
import io.sagitta.core.io.DicomParser;
import io.sagitta.core.io.DicomParserOptions;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SyntheticInstancesTest {

    private static final DicomParserOptions SKIP = DicomParserOptions.create().pixelData(DicomParserOptions.PixelData.SKIP);
    private static final DicomParserOptions STOP = DicomParserOptions.create().pixelData(DicomParserOptions.PixelData.STOP);

    @Test
    void ctParsesWithItsHeaderAndPixelDataWhereExpected() {
        byte[] ct = SyntheticInstances.Kind.CT.encode();
        DicomFiles.Parsed parsed = DicomFiles.parse(ct, SKIP, DatasetCollector.BulkValues.REFERENCE);
        Dataset d = parsed.dataset();

        assertEquals(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, parsed.transferSyntax());
        assertEquals(UID.CTImageStorage, parsed.fileMeta().getString(Tag.MediaStorageSOPClassUID));
        assertEquals(d.getString(Tag.SOPInstanceUID), parsed.fileMeta().getString(Tag.MediaStorageSOPInstanceUID));
        assertEquals("CT", d.getString(Tag.Modality));
        assertEquals("DOE^JANE^M^^", d.getString(Tag.PatientName));
        assertEquals(512, d.getInt(Tag.Rows, -1));
        assertEquals(512, d.getInt(Tag.Columns, -1));
        assertEquals(-1024.0, d.getDouble(Tag.RescaleIntercept, 0), 0.0);
        assertEquals("113691", d.getSequence(Tag.CTDIPhantomTypeCodeSequence).get(0).getString(Tag.CodeValue));
        assertEquals(2, d.getSequence(Tag.ReferencedImageSequence).size());
        assertTrue(d.size() >= 100 && d.size() <= 150, "a CT-sized header, not " + d.size() + " elements");

        BulkData pixels = d.getBulkData(Tag.PixelData);
        assertEquals(512 * 512 * 2, pixels.length());
        assertEquals(ct.length, pixels.offset() + pixels.length(), "Pixel Data is the last element");
    }

    @Test
    void smallHasTheSameHeaderOverSmallerPixels() {
        Dataset ct = DicomFiles.parse(SyntheticInstances.Kind.CT.encode(), STOP, DatasetCollector.BulkValues.REFERENCE)
            .dataset();
        byte[] small = SyntheticInstances.Kind.SMALL.encode();
        Dataset d = DicomFiles.parse(small, SKIP, DatasetCollector.BulkValues.REFERENCE).dataset();

        assertEquals(64, d.getInt(Tag.Rows, -1));
        assertEquals(64 * 64 * 2, d.getBulkData(Tag.PixelData).length());
        assertEquals(ct.size() + 1, d.size(), "STOP leaves Pixel Data out, SKIP references it");
        assertEquals(ct.getString(Tag.SOPInstanceUID), d.getString(Tag.SOPInstanceUID));
    }

    @Test
    void pixelsSurviveAStreamedParseFedInSmallChunks() {
        byte[] small = SyntheticInstances.Kind.SMALL.encode();
        DatasetCollector collector = new DatasetCollector(DatasetCollector.BulkValues.KEEP);
        DicomParser parser = new DicomParser(DicomParserOptions.create(), collector);
        for (int at = 0; at < small.length; at += 1000) {
            parser.feed(Unpooled.wrappedBuffer(small, at, Math.min(1000, small.length - at)));
        }
        parser.finish();

        byte[] pixels = collector.dataset().getBytes(Tag.PixelData);
        assertArrayEquals(Arrays.copyOfRange(small, small.length - 64 * 64 * 2, small.length), pixels);
        int air = (pixels[0] & 0xFF) | (pixels[1] & 0xFF) << 8;
        int centre = 2 * (32 * 64 + 32);
        int tissue = (pixels[centre] & 0xFF) | (pixels[centre + 1] & 0xFF) << 8;
        assertEquals(0, air);
        assertTrue(tissue >= 1064 && tissue < 1104, "soft tissue around 40 HU, not " + tissue);
    }

    @Test
    void multiFrameCarriesOneFunctionalGroupItemPerFrame() {
        int frames = 3;
        byte[] bytes = SyntheticInstances.multiFrame(128, 128, frames);
        Dataset d = DicomFiles.parse(bytes, SKIP, DatasetCollector.BulkValues.REFERENCE).dataset();

        assertEquals(UID.EnhancedCTImageStorage, d.getString(Tag.SOPClassUID));
        assertEquals(frames, d.getInt(Tag.NumberOfFrames, -1));
        assertEquals(frames, d.getSequence(Tag.PerFrameFunctionalGroupsSequence).size());
        Dataset last = d.getSequence(Tag.PerFrameFunctionalGroupsSequence).get(frames - 1);
        assertEquals(-102.5, last.getSequence(Tag.PlanePositionSequence).get(0).getDoubles(Tag.ImagePositionPatient)[2],
            1e-9);
        assertEquals(128L * 128 * 2 * frames, d.getBulkData(Tag.PixelData).length());
        int frameBytes = 128 * 128 * 2;
        int first = bytes.length - frames * frameBytes;
        assertFalse(Arrays.equals(Arrays.copyOfRange(bytes, first, first + frameBytes),
            Arrays.copyOfRange(bytes, bytes.length - frameBytes, bytes.length)), "each frame has its own noise");
    }

    @Test
    void encodingIsDeterministic() {
        assertArrayEquals(SyntheticInstances.Kind.SMALL.encode(), SyntheticInstances.Kind.SMALL.encode());
    }

    @Test
    void stopEndsTheParseAtPixelDataWhateverFollows() {
        byte[] ct = SyntheticInstances.Kind.CT.encode();
        DatasetCollector collector = new DatasetCollector(DatasetCollector.BulkValues.REFERENCE);
        DicomParser parser = new DicomParser(STOP, collector);
        parser.feed(Unpooled.wrappedBuffer(ct, 0, 64 * 1024));
        assertTrue(parser.isDone(), "the header fits in the first 64 KiB chunk");
        parser.finish();
        assertNotNull(collector.dataset().getString(Tag.StudyInstanceUID));
        assertFalse(collector.dataset().contains(Tag.PixelData));
    }
}
