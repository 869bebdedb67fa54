package io.sagitta.bench.load;

import io.sagitta.bench.data.SyntheticStudies;

/**
 * WADO-RS frame retrieval after seeding: each frame of each stored instance in turn, as one
 * {@code application/octet-stream} part of at least the frame's size.
 */
final class FramesWorkload implements Workload {

    static final String ACCEPT = "multipart/related; type=\"application/octet-stream\"";

    @Override
    public void run(LoadSession session) {
        Seeding.seed(session);
        SyntheticStudies studies = session.studies();
        LoadOptions o = session.options();
        int perStudy = studies.instancesPerStudy();
        long total = (long) o.studies() * perStudy;
        int frames = studies.shape().frames();
        long frameBytes = (long) studies.shape().rows() * studies.shape().columns() * (studies.shape().bitsAllocated() / 8);
        HttpDriver http = session.http();
        Warmup.thenMeasure(session, o.concurrency(), (lane, seq) -> {
            long k = (seq / frames) % total;
            int study = (int) (k / perStudy);
            String path = "/studies/" + studies.studyUid(study) + "/series/" + studies.seriesUid(study)
                + "/instances/" + studies.sopInstanceUid(study, (int) (k % perStudy)) + "/frames/" + (1 + seq % frames);
            return http.getMultipart(path, ACCEPT, 1, frameBytes, 1);
        }, "frames", false, o.readLimit());
    }
}
