package io.sagitta.storage.index;

import java.util.Objects;

/** A study, one of its series, or one of its instances: what retrieve, metadata and delete act on. */
public record Scope(String studyInstanceUid, String seriesInstanceUid, String sopInstanceUid) {

    public Scope {
        Objects.requireNonNull(studyInstanceUid, "studyInstanceUid");
        if (sopInstanceUid != null && seriesInstanceUid == null) {
            throw new IllegalArgumentException("an instance scope needs its series");
        }
    }

    public static Scope study(String studyInstanceUid) {
        return new Scope(studyInstanceUid, null, null);
    }

    public static Scope series(String studyInstanceUid, String seriesInstanceUid) {
        return new Scope(studyInstanceUid, Objects.requireNonNull(seriesInstanceUid, "seriesInstanceUid"), null);
    }

    public static Scope instance(String studyInstanceUid, String seriesInstanceUid, String sopInstanceUid) {
        return new Scope(studyInstanceUid, seriesInstanceUid, Objects.requireNonNull(sopInstanceUid, "sopInstanceUid"));
    }

    public QueryLevel level() {
        return sopInstanceUid != null ? QueryLevel.IMAGE : seriesInstanceUid != null ? QueryLevel.SERIES : QueryLevel.STUDY;
    }
}
