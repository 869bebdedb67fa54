package io.sagitta.core.net.service;

import io.sagitta.core.data.UID;

/**
 * The Query/Retrieve information models served (PS3.4 C.6): which levels exist and which keys a hierarchical
 * query must carry depend on the model, named by the SOP class of the request.
 */
public enum QueryRetrieveModel {

    /** Patient Root: PATIENT, STUDY, SERIES, IMAGE levels. */
    PATIENT_ROOT(UID.PatientRootQueryRetrieveInformationModelFind, UID.PatientRootQueryRetrieveInformationModelMove,
        UID.PatientRootQueryRetrieveInformationModelGet),
    /** Study Root: STUDY, SERIES, IMAGE levels (patient attributes are study attributes). */
    STUDY_ROOT(UID.StudyRootQueryRetrieveInformationModelFind, UID.StudyRootQueryRetrieveInformationModelMove,
        UID.StudyRootQueryRetrieveInformationModelGet);

    private final String findSopClass;
    private final String moveSopClass;
    private final String getSopClass;

    QueryRetrieveModel(String find, String move, String get) {
        this.findSopClass = find;
        this.moveSopClass = move;
        this.getSopClass = get;
    }

    public String findSopClass() {
        return findSopClass;
    }

    public String moveSopClass() {
        return moveSopClass;
    }

    public String getSopClass() {
        return getSopClass;
    }

    /** The model whose FIND SOP class this is, or null. */
    public static QueryRetrieveModel ofFind(String sopClassUid) {
        for (QueryRetrieveModel model : values()) {
            if (model.findSopClass.equals(sopClassUid)) {
                return model;
            }
        }
        return null;
    }

    /** The model whose MOVE SOP class this is, or null. */
    public static QueryRetrieveModel ofMove(String sopClassUid) {
        for (QueryRetrieveModel model : values()) {
            if (model.moveSopClass.equals(sopClassUid)) {
                return model;
            }
        }
        return null;
    }

    /** The model whose GET SOP class this is, or null. */
    public static QueryRetrieveModel ofGet(String sopClassUid) {
        for (QueryRetrieveModel model : values()) {
            if (model.getSopClass.equals(sopClassUid)) {
                return model;
            }
        }
        return null;
    }
}
