package io.sagitta.bench.data;

import io.sagitta.core.data.Dataset;
import io.sagitta.core.data.ElementDictionary;
import io.sagitta.core.data.Sequence;
import io.sagitta.core.data.Tag;
import io.sagitta.core.data.Tags;
import io.sagitta.core.data.UID;
import io.sagitta.core.data.VR;
import java.util.SplittableRandom;

/**
 * The header of a typical axial CT slice as a scanner sends it: SOP common, patient, study, series,
 * equipment, frame of reference, CT image, image plane, image pixel and VOI LUT modules, a request
 * attributes and a code sequence, and a private block, about 130 elements in all. Values are plausible
 * and fixed: the same call gives the same bytes.
 */
public final class CtHeader {

    private static final int PRIVATE_GROUP = 0x0009;

    private final Dataset d = new Dataset(160);
    private final SplittableRandom uids;

    private CtHeader(long seed) {
        this.uids = new SplittableRandom(seed);
    }

    /** A single-frame CT Image Storage header for a {@code rows} x {@code columns} 16-bit slice. */
    public static Dataset ctImage(int rows, int columns) {
        return new CtHeader(SyntheticInstances.SEED).common(rows, columns).d;
    }

    /**
     * A multi-frame header: the CT header under the Enhanced CT SOP class, with Number of Frames and
     * shared and per-frame functional groups (one item per frame). It is a CT-shaped workload for the
     * parser, not an IOD-complete Enhanced CT instance.
     */
    public static Dataset multiFrame(int rows, int columns, int frames) {
        CtHeader h = new CtHeader(SyntheticInstances.SEED).common(rows, columns);
        h.s(Tag.SOPClassUID, UID.EnhancedCTImageStorage);
        h.i(Tag.NumberOfFrames, frames);
        h.d.remove(Tag.ImagePositionPatient);
        h.d.remove(Tag.SliceLocation);
        Dataset shared = h.d.newSequence(Tag.SharedFunctionalGroupsSequence, 1).addItem();
        Dataset measures = shared.newSequence(Tag.PixelMeasuresSequence, 1).addItem();
        measures.setDouble(Tag.PixelSpacing, VR.DS, 0.7, 0.7);
        measures.setDouble(Tag.SliceThickness, VR.DS, 1.25);
        shared.newSequence(Tag.PlaneOrientationSequence, 1).addItem()
            .setDouble(Tag.ImageOrientationPatient, VR.DS, 1, 0, 0, 0, 1, 0);
        Sequence perFrame = h.d.newSequence(Tag.PerFrameFunctionalGroupsSequence, frames);
        for (int f = 0; f < frames; f++) {
            Dataset item = perFrame.addItem();
            Dataset content = item.newSequence(Tag.FrameContentSequence, 1).addItem();
            content.setInt(Tag.DimensionIndexValues, VR.UL, 1, f + 1);
            content.setString(Tag.StackID, VR.SH, "1");
            content.setInt(Tag.InStackPositionNumber, VR.UL, f + 1);
            item.newSequence(Tag.PlanePositionSequence, 1).addItem()
                .setDouble(Tag.ImagePositionPatient, VR.DS, -179.65, -179.65, -100.0 - 1.25 * f);
        }
        return h.d;
    }

    private CtHeader common(int rows, int columns) {
        String study = uid();
        String series = uid();
        sopCommonAndDates();
        s(Tag.SOPInstanceUID, uid());
        patientAndStudy(study, series);
        equipment();
        ctImage();
        imagePlaneAndPixel(rows, columns);
        requestAndCodes();
        privateBlock();
        return this;
    }

    private void sopCommonAndDates() {
        s(Tag.SpecificCharacterSet, "ISO_IR 100");
        s(Tag.ImageType, "ORIGINAL", "PRIMARY", "AXIAL");
        s(Tag.InstanceCreationDate, "20240611");
        s(Tag.InstanceCreationTime, "101530.123456");
        s(Tag.SOPClassUID, UID.CTImageStorage);
        for (int tag : new int[] {Tag.StudyDate, Tag.SeriesDate, Tag.AcquisitionDate, Tag.ContentDate}) {
            s(tag, "20240611");
        }
        s(Tag.StudyTime, "100102.000000");
        s(Tag.SeriesTime, "101210.000000");
        s(Tag.AcquisitionTime, "101220.512000");
        s(Tag.ContentTime, "101221.004000");
        s(Tag.TimezoneOffsetFromUTC, "+0200");
        s(Tag.IrradiationEventUID, uid());
        s(Tag.InstanceCreatorUID, uid());
        i(Tag.InstanceNumber, 42);
    }

    private void patientAndStudy(String study, String series) {
        s(Tag.PatientName, "DOE^JANE^M^^");
        s(Tag.PatientID, "PAT-000123456");
        s(Tag.IssuerOfPatientID, "SAGITTA-GENERAL");
        s(Tag.PatientBirthDate, "19720304");
        s(Tag.PatientSex, "F");
        s(Tag.PatientAge, "052Y");
        f(Tag.PatientSize, 1.68);
        f(Tag.PatientWeight, 64.5);
        s(Tag.PatientComments, "Synthetic patient for benchmarks");
        s(Tag.PatientIdentityRemoved, "NO");
        s(Tag.StudyInstanceUID, study);
        s(Tag.SeriesInstanceUID, series);
        s(Tag.StudyID, "4711");
        s(Tag.AccessionNumber, "ACC20240611001");
        s(Tag.ReferringPhysicianName, "SMITH^JOHN^^DR^");
        s(Tag.StudyDescription, "CT CHEST ABDOMEN PELVIS W CONTRAST");
        s(Tag.SeriesDescription, "AXIAL 1.25 SOFT TISSUE");
        s(Tag.Modality, "CT");
        i(Tag.SeriesNumber, 3);
        i(Tag.AcquisitionNumber, 1);
        s(Tag.BodyPartExamined, "CHEST");
        s(Tag.ProtocolName, "CAP ROUTINE 5.1");
        s(Tag.PatientPosition, "FFS");
        s(Tag.OperatorsName, "TECH^ANNA");
        s(Tag.PerformingPhysicianName, "JONES^MARY");
        s(Tag.FrameOfReferenceUID, uid());
        s(Tag.PositionReferenceIndicator, "SN");
    }

    private void equipment() {
        s(Tag.Manufacturer, "SAGITTA MEDICAL SYSTEMS");
        s(Tag.InstitutionName, "SAGITTA GENERAL HOSPITAL");
        s(Tag.InstitutionAddress, "1 Archive Way, Springfield");
        s(Tag.StationName, "CT01");
        s(Tag.InstitutionalDepartmentName, "RADIOLOGY");
        s(Tag.ManufacturerModelName, "BenchScan 128");
        s(Tag.DeviceSerialNumber, "SN-0042-1337");
        s(Tag.SoftwareVersions, "bs128_5.1.3", "recon_2.4");
        s(Tag.DateOfLastCalibration, "20240610");
        s(Tag.TimeOfLastCalibration, "063000");
    }

    private void ctImage() {
        s(Tag.ScanOptions, "HELICAL MODE");
        f(Tag.SliceThickness, 1.25);
        f(Tag.KVP, 120);
        f(Tag.DataCollectionDiameter, 500);
        f(Tag.ReconstructionDiameter, 360);
        f(Tag.DistanceSourceToDetector, 946.73);
        f(Tag.DistanceSourceToPatient, 541);
        f(Tag.GantryDetectorTilt, 0);
        f(Tag.TableHeight, 163.5);
        s(Tag.RotationDirection, "CW");
        i(Tag.ExposureTime, 500);
        i(Tag.XRayTubeCurrent, 231);
        i(Tag.Exposure, 115);
        s(Tag.FilterType, "BODY FILTER");
        i(Tag.GeneratorPower, 28);
        f(Tag.FocalSpots, 1.2);
        s(Tag.ConvolutionKernel, "STANDARD");
        f(Tag.RevolutionTime, 0.5);
        f(Tag.SingleCollimationWidth, 0.625);
        f(Tag.TotalCollimationWidth, 40);
        f(Tag.TableSpeed, 78.75);
        f(Tag.TableFeedPerRotation, 39.375);
        f(Tag.SpiralPitchFactor, 0.984375);
        f(Tag.DataCollectionCenterPatient, 0, -163.5, -412.25);
        f(Tag.ReconstructionTargetCenterPatient, 0, -163.5, -412.25);
        s(Tag.ExposureModulationType, "ANGULAR_Z");
        f(Tag.CTDIvol, 9.87);
        s(Tag.ContrastBolusAgent, "IOHEXOL 350");
        s(Tag.ContrastBolusRoute, "IV");
        f(Tag.ContrastBolusVolume, 100);
        s(Tag.AcquisitionType, "SPIRAL");
        s(Tag.ReconstructionAlgorithm, "ITERATIVE");
        code(Tag.CTDIPhantomTypeCodeSequence, "113691", "DCM", "IEC Body Dosimetry Phantom");
    }

    private void imagePlaneAndPixel(int rows, int columns) {
        f(Tag.ImagePositionPatient, -179.65, -179.65, -412.25);
        f(Tag.ImageOrientationPatient, 1, 0, 0, 0, 1, 0);
        f(Tag.SliceLocation, -412.25);
        f(Tag.PixelSpacing, 0.703125, 0.703125);
        i(Tag.ImagesInAcquisition, 388);
        i(Tag.SamplesPerPixel, 1);
        s(Tag.PhotometricInterpretation, "MONOCHROME2");
        i(Tag.Rows, rows);
        i(Tag.Columns, columns);
        i(Tag.BitsAllocated, 16);
        i(Tag.BitsStored, 12);
        i(Tag.HighBit, 11);
        i(Tag.PixelRepresentation, 0);
        d.setInt(Tag.SmallestImagePixelValue, VR.US, 0);
        d.setInt(Tag.LargestImagePixelValue, VR.US, 2400);
        f(Tag.WindowCenter, 40, 400);
        f(Tag.WindowWidth, 400, 1500);
        s(Tag.WindowCenterWidthExplanation, "SOFT TISSUE", "BONE");
        f(Tag.RescaleIntercept, -1024);
        f(Tag.RescaleSlope, 1);
        s(Tag.RescaleType, "HU");
        s(Tag.LossyImageCompression, "00");
        s(Tag.BurnedInAnnotation, "NO");
    }

    private void requestAndCodes() {
        s(Tag.PerformedProcedureStepStartDate, "20240611");
        s(Tag.PerformedProcedureStepStartTime, "100102");
        s(Tag.PerformedProcedureStepID, "PPS-88231");
        s(Tag.PerformedProcedureStepDescription, "CT CHEST ABDOMEN PELVIS W CONTRAST");
        code(Tag.ProcedureCodeSequence, "CTCAPW", "L", "CT chest abdomen pelvis with contrast");
        Dataset request = d.newSequence(Tag.RequestAttributesSequence, 1).addItem();
        request.setString(Tag.RequestedProcedureID, VR.SH, "RP-55120");
        request.setString(Tag.ScheduledProcedureStepID, VR.SH, "SPS-55120-1");
        request.setString(Tag.ScheduledProcedureStepDescription, VR.LO, "CT CAP W");
        Sequence references = d.newSequence(Tag.ReferencedImageSequence, 2);
        for (int k = 0; k < 2; k++) {
            Dataset ref = references.addItem();
            ref.setString(Tag.ReferencedSOPClassUID, VR.UI, UID.CTImageStorage);
            ref.setString(Tag.ReferencedSOPInstanceUID, VR.UI, uid());
        }
    }

    /** A private block as scanners add them: a creator, a few short values and an opaque blob. */
    private void privateBlock() {
        d.setString(Tags.of(PRIVATE_GROUP, 0x0010), VR.LO, "SAGITTA_BENCH_01");
        d.setString(Tags.of(PRIVATE_GROUP, 0x1001), VR.LO, "BENCH RECON");
        d.setString(Tags.of(PRIVATE_GROUP, 0x1002), VR.SH, "CT01");
        d.setInt(Tags.of(PRIVATE_GROUP, 0x1004), VR.SL, 7, -3);
        d.setDouble(Tags.of(PRIVATE_GROUP, 0x1005), VR.FD, 0.5, 1.5, 2.5);
        byte[] blob = new byte[512];
        new SplittableRandom(SyntheticInstances.SEED).nextBytes(blob);
        d.setBytes(Tags.of(PRIVATE_GROUP, 0x10E3), VR.OB, blob);
    }

    private void code(int sequenceTag, String value, String scheme, String meaning) {
        Dataset item = d.newSequence(sequenceTag, 1).addItem();
        item.setString(Tag.CodeValue, VR.SH, value);
        item.setString(Tag.CodingSchemeDesignator, VR.SH, scheme);
        item.setString(Tag.CodeMeaning, VR.LO, meaning);
    }

    /** A UID under 2.25 (a UUID-derived root needs no registration), drawn from the fixed seed. */
    private String uid() {
        return "2.25." + Long.toUnsignedString(uids.nextLong() >>> 1) + Long.toUnsignedString(uids.nextInt(1 << 30));
    }

    private void s(int tag, String... values) {
        d.setString(tag, ElementDictionary.vrOf(tag), values);
    }

    private void i(int tag, int... values) {
        d.setInt(tag, ElementDictionary.vrOf(tag), values);
    }

    private void f(int tag, double... values) {
        d.setDouble(tag, ElementDictionary.vrOf(tag), values);
    }
}
