package io.sagitta.bench.data;

import io.sagitta.core.data.Dataset;
import io.sagitta.core.data.Tag;
import io.sagitta.core.data.UID;
import io.sagitta.core.data.VR;

/**
 * What QIDO-RS answers for one study (PS3.18 section 10.6.3.3.1, Table 10.6.3-3): the study's
 * patient and study attributes, taken from one of its instances, and the attributes only the
 * archive knows (modalities, counts, where to retrieve it). 21 attributes.
 */
public final class StudyResult {

    /** Study-level attributes an instance carries, in tag order. */
    private static final int[] FROM_INSTANCE = {
        Tag.SpecificCharacterSet, Tag.StudyDate, Tag.StudyTime, Tag.AccessionNumber, Tag.ReferringPhysicianName,
        Tag.TimezoneOffsetFromUTC, Tag.PatientName, Tag.PatientID, Tag.IssuerOfPatientID, Tag.PatientBirthDate,
        Tag.PatientSex, Tag.StudyInstanceUID, Tag.StudyID, Tag.StudyDescription,
    };

    private StudyResult() {
    }

    /** The study result for the study of {@code instance}, which must hold every attribute of {@link #FROM_INSTANCE}. */
    public static Dataset of(Dataset instance) {
        Dataset d = new Dataset(24);
        for (int tag : FROM_INSTANCE) {
            d.setValue(tag, instance.vrOf(tag), instance.getValue(tag));
        }
        d.setString(Tag.RetrieveAETitle, VR.AE, "SAGITTA");
        d.setString(Tag.InstanceAvailability, VR.CS, "ONLINE");
        d.setString(Tag.ModalitiesInStudy, VR.CS, "CT", "SR");
        d.setString(Tag.SOPClassesInStudy, VR.UI, UID.CTImageStorage, UID.EnhancedSRStorage);
        d.setString(Tag.RetrieveURL, VR.UR,
            "http://localhost:8080/dicomweb/studies/" + instance.getString(Tag.StudyInstanceUID));
        d.setInt(Tag.NumberOfStudyRelatedSeries, VR.IS, 4);
        d.setInt(Tag.NumberOfStudyRelatedInstances, VR.IS, 1552);
        return d;
    }
}
