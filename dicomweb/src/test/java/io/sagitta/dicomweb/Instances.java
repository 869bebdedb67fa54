package io.sagitta.dicomweb;

import io.sagitta.core.data.Dataset;
import io.sagitta.core.data.Sequence;
import io.sagitta.core.data.Tag;
import io.sagitta.core.data.UID;
import io.sagitta.core.data.VR;

/** Instances made in code, with the attributes a viewer reads. */
public final class Instances {

    private Instances() {
    }

    public static Dataset instance(String patientName, String patientId, String study, String studyDate, String series,
        int seriesNumber, String modality, String sop, int instanceNumber) {
        Dataset d = new Dataset();
        d.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 192");
        d.setString(Tag.SOPClassUID, VR.UI, "MR".equals(modality) ? UID.MRImageStorage : UID.CTImageStorage);
        d.setString(Tag.SOPInstanceUID, VR.UI, sop);
        d.setString(Tag.StudyDate, VR.DA, studyDate);
        d.setString(Tag.StudyTime, VR.TM, "101500");
        d.setString(Tag.AccessionNumber, VR.SH, "ACC-" + patientId);
        d.setString(Tag.Modality, VR.CS, modality);
        d.setString(Tag.ReferringPhysicianName, VR.PN, "Referrer^Rita");
        d.setString(Tag.StudyDescription, VR.LO, modality + " study of " + patientId);
        d.setString(Tag.SeriesDescription, VR.LO, modality + " series " + seriesNumber);
        d.setString(Tag.PatientName, VR.PN, patientName);
        d.setString(Tag.PatientID, VR.LO, patientId);
        d.setString(Tag.PatientBirthDate, VR.DA, "19700101");
        d.setString(Tag.PatientSex, VR.CS, "O");
        d.setString(Tag.StudyInstanceUID, VR.UI, study);
        d.setString(Tag.SeriesInstanceUID, VR.UI, series);
        d.setString(Tag.StudyID, VR.SH, "1");
        d.setInt(Tag.SeriesNumber, VR.IS, seriesNumber);
        d.setInt(Tag.InstanceNumber, VR.IS, instanceNumber);
        d.setInt(Tag.SamplesPerPixel, VR.US, 1);
        d.setString(Tag.PhotometricInterpretation, VR.CS, "MONOCHROME2");
        d.setInt(Tag.Rows, VR.US, 32);
        d.setInt(Tag.Columns, VR.US, 32);
        d.setInt(Tag.BitsAllocated, VR.US, 16);
        d.setInt(Tag.BitsStored, VR.US, 12);
        d.setInt(Tag.HighBit, VR.US, 11);
        d.setInt(Tag.PixelRepresentation, VR.US, 0);
        d.setBytes(Tag.PixelData, VR.OW, new byte[32 * 32 * 2]); // over the 1 KiB threshold: bulk data
        return d;
    }

    /**
     * Adds what makes the metadata rewrite interesting: a ReferencedSeriesSequence whose item holds
     * another series' UID (before the instance's own in tag order), and bulk data inside a sequence.
     */
    public static Dataset withSequences(Dataset d, String otherSeries) {
        Sequence referenced = d.newSequence(Tag.ReferencedSeriesSequence);
        Dataset item = referenced.addItem();
        item.setString(Tag.SeriesInstanceUID, VR.UI, otherSeries);
        Sequence icons = d.newSequence(Tag.IconImageSequence);
        Dataset icon = icons.addItem();
        icon.setInt(Tag.Rows, VR.US, 32);
        icon.setInt(Tag.Columns, VR.US, 32);
        icon.setBytes(Tag.PixelData, VR.OB, new byte[2048]);
        // A text value that spells the placeholder: escaped in JSON, so never rewritten.
        d.setString(Tag.ImageComments, VR.LT, "\"BulkDataURI\":\"bulkdata/7FE00010");
        return d;
    }
}
