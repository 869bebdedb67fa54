package io.sagitta.storage.index;

import io.sagitta.core.data.Dataset;
import io.sagitta.core.data.Tag;
import io.sagitta.core.data.UID;
import io.sagitta.core.data.VR;

/** Small instances made in code, with whatever attributes a test needs. */
final class Instances {

    private Instances() {
    }

    static Dataset instance(String study, String series, String sop) {
        Dataset d = new Dataset();
        d.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 192");
        d.setString(Tag.SOPClassUID, VR.UI, UID.CTImageStorage);
        d.setString(Tag.SOPInstanceUID, VR.UI, sop);
        d.setString(Tag.StudyInstanceUID, VR.UI, study);
        d.setString(Tag.SeriesInstanceUID, VR.UI, series);
        d.setString(Tag.Modality, VR.CS, "CT");
        d.setString(Tag.PatientID, VR.LO, "PID-1");
        d.setString(Tag.PatientName, VR.PN, "Doe^John");
        return d;
    }

    static InstanceRecord record(Dataset d, String blobKey, String checksum) {
        return InstanceRecord.of(d, UID.ExplicitVRLittleEndian, new StoredBlob(blobKey, 1000, checksum));
    }

    static InstanceRecord record(Dataset d) {
        String sop = d.getString(Tag.SOPInstanceUID);
        return record(d, "blob/" + sop, "sha256:" + sop);
    }
}
