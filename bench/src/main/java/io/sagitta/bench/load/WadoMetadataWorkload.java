package io.sagitta.bench.load;

import io.sagitta.bench.data.SyntheticStudies;

/** WADO-RS study metadata after seeding: one DICOM JSON object per instance of the study. */
final class WadoMetadataWorkload implements Workload {

    @Override
    public void run(LoadSession session) {
        Seeding.seed(session);
        SyntheticStudies studies = session.studies();
        LoadOptions o = session.options();
        int perStudy = studies.instancesPerStudy();
        HttpDriver http = session.http();
        Warmup.thenMeasure(session, o.concurrency(), (lane, seq) -> {
            String path = "/studies/" + studies.studyUid((int) (seq % o.studies())) + "/metadata";
            return http.getJsonArray(path, results -> results.size() == perStudy
                ? Outcome.success(perStudy, 0)
                : Outcome.error("metadata-count", path + " gave " + results.size() + " instances, expected " + perStudy));
        }, "wado-metadata", true, o.readLimit());
    }
}
