package io.sagitta.dicomweb.stow;

import io.sagitta.core.data.Dataset;
import io.sagitta.core.data.Sequence;
import io.sagitta.core.data.Tag;
import io.sagitta.core.data.VR;
import io.sagitta.dicomweb.http.ResourceUrls;
import java.util.ArrayList;
import java.util.List;

/**
 * What became of each part of one STOW-RS request, kept in part order whatever order the parts
 * finish in (several are stored at once), and the response dataset built from it (PS3.18 Table
 * 10.5.3-2): ReferencedSOPSequence for the stored parts, FailedSOPSequence for the others.
 */
final class StowOutcomes {

    private record Outcome(boolean stored, Dataset item) {
    }

    /** One entry per part, by part number; null while the part is still being stored. */
    private final List<Outcome> byPart = new ArrayList<>();
    private final List<String> studies = new ArrayList<>();
    private int storedCount;
    private int failedCount;

    /** A new part: returns its number. */
    int reserve() {
        byPart.add(null);
        return byPart.size() - 1;
    }

    void stored(int part, String sopClass, String sopInstance, String retrieveUrl, String studyUid) {
        Dataset item = new Dataset();
        item.setString(Tag.ReferencedSOPClassUID, VR.UI, sopClass);
        item.setString(Tag.ReferencedSOPInstanceUID, VR.UI, sopInstance);
        item.setString(Tag.RetrieveURL, VR.UR, retrieveUrl);
        byPart.set(part, new Outcome(true, item));
        storedCount++;
        if (!studies.contains(studyUid)) {
            studies.add(studyUid);
        }
    }

    /** The part failed; either UID may be null when the part did not get far enough to say. */
    void failed(int part, String sopClass, String sopInstance, int reason) {
        Dataset item = new Dataset();
        if (sopClass != null) {
            item.setString(Tag.ReferencedSOPClassUID, VR.UI, sopClass);
        }
        if (sopInstance != null) {
            item.setString(Tag.ReferencedSOPInstanceUID, VR.UI, sopInstance);
        }
        item.setInt(Tag.FailureReason, VR.US, reason);
        byPart.set(part, new Outcome(false, item));
        failedCount++;
    }

    int storedCount() {
        return storedCount;
    }

    int failedCount() {
        return failedCount;
    }

    /**
     * PS3.18 Table 10.5.3-1 (STOW-RS status codes): 200 OK when all instances were stored;
     * 202 Accepted when some were stored and others failed; 409 Conflict when none could be stored
     * (the response still lists why in FailedSOPSequence).
     */
    int status() {
        return failedCount == 0 ? 200 : storedCount == 0 ? 409 : 202;
    }

    /**
     * The response; its RetrieveURL names the study the request was sent to, or else the one study
     * all stored instances belong to.
     */
    Dataset response(String base, String requestStudy) {
        Dataset response = new Dataset();
        String studyUid = requestStudy != null ? requestStudy : studies.size() == 1 ? studies.get(0) : null;
        if (studyUid != null && storedCount > 0) {
            response.setString(Tag.RetrieveURL, VR.UR, ResourceUrls.study(base, studyUid));
        }
        if (failedCount > 0) {
            addItems(response.newSequence(Tag.FailedSOPSequence), false);
        }
        if (storedCount > 0) {
            addItems(response.newSequence(Tag.ReferencedSOPSequence), true);
        }
        return response;
    }

    private void addItems(Sequence seq, boolean stored) {
        for (Outcome outcome : byPart) {
            if (outcome != null && outcome.stored() == stored) {
                seq.add(outcome.item());
            }
        }
    }
}
