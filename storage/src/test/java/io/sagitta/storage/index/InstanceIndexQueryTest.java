package io.sagitta.storage.index;

import static io.sagitta.storage.index.TestDatabase.await;
import static io.sagitta.storage.index.TestDatabase.collect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sagitta.core.data.Dataset;
import io.sagitta.core.data.Tag;
import io.sagitta.core.data.VR;
import io.vertx.core.streams.ReadStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every matching kind at every level, against one small archive stored once. */
class InstanceIndexQueryTest {

    private static TestDatabase db;
    private static InstanceIndex index;

    private static final String INJECTION_ACCESSION = "A'6; DROP TABLE study;--";

    @BeforeAll
    static void storeArchive() throws Exception {
        db = new TestDatabase();
        index = db.freshIndex();
        study("S1", "P1", "Doe^John", "19700101", "M", "20200101", "083000", "A1", "Chest CT", "Welby^Marcus", "CT", 2);
        study("S2", "P1", "Doe^John", "19700101", "M", "20200315", "141500", "A2", "Head MR", null, "MR", 3);
        series("S2", "S2.2", "P1", "Doe^John", "CT", 2, 2);
        study("S3", "P2", "DOE^Jane", "19800515", "F", "20210620", "235959", "A3", "Abdomen", null, "US", 1);
        study("S4", "P3", "Müller^Hans", "19650320", "M", "20191231", "120000", "A4", "Knee", "Dr^Ärztin", "CT", 1);
        study("S5", "P4", "O'Brien^Siobhán", null, "F", null, null, "A5", null, null, "PT", 1);
        study("S6", "X%_1", "Robert'); DROP TABLE patient;--", null, "O", "20220101", "000000", INJECTION_ACCESSION,
            "50%_off", null, "OT", 1);
    }

    @AfterAll
    static void stop() throws Exception {
        db.close();
        db.deleteData();
    }

    private static void study(String study, String pid, String name, String birth, String sex, String date, String time,
        String accession, String description, String referring, String modality, int instances) {
        Dataset d = base(study, study + ".1", pid, name, modality, 1);
        set(d, Tag.PatientBirthDate, VR.DA, birth);
        set(d, Tag.PatientSex, VR.CS, sex);
        set(d, Tag.StudyDate, VR.DA, date);
        set(d, Tag.StudyTime, VR.TM, time);
        set(d, Tag.AccessionNumber, VR.SH, accession);
        set(d, Tag.StudyDescription, VR.LO, description);
        set(d, Tag.ReferringPhysicianName, VR.PN, referring);
        store(d, instances);
    }

    private static void series(String study, String series, String pid, String name, String modality, int number, int instances) {
        store(base(study, series, pid, name, modality, number), instances);
    }

    private static Dataset base(String study, String series, String pid, String name, String modality, int number) {
        Dataset d = Instances.instance(study, series, "x");
        d.setString(Tag.PatientID, VR.LO, pid);
        d.setString(Tag.PatientName, VR.PN, name);
        d.setString(Tag.Modality, VR.CS, modality);
        d.setInt(Tag.SeriesNumber, VR.IS, number);
        d.setString(Tag.SeriesDescription, VR.LO, modality + " series");
        d.setString(Tag.Manufacturer, VR.LO, "ACME");
        return d;
    }

    private static void store(Dataset d, int instances) {
        for (int i = 1; i <= instances; i++) {
            d.setString(Tag.SOPInstanceUID, VR.UI, d.getString(Tag.SeriesInstanceUID) + "." + i);
            d.setInt(Tag.InstanceNumber, VR.IS, i);
            d.setInt(Tag.Rows, VR.US, 512);
            await(index.recordInstance(Instances.record(d)));
        }
    }

    private static void set(Dataset d, int tag, VR vr, String value) {
        if (value != null) {
            d.setString(tag, vr, value);
        }
    }

    // ------------------------------------------------------------------ helpers

    private static List<Dataset> run(IndexQuery query) {
        return collect(index.query(query));
    }

    private static Set<String> studies(int tag, String value) {
        return studies(IndexQuery.builder(QueryLevel.STUDY).match(tag, value));
    }

    private static Set<String> studies(IndexQuery.Builder query) {
        return run(query.build()).stream().map(d -> d.getString(Tag.StudyInstanceUID)).collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> fuzzy(String name) {
        return studies(IndexQuery.builder(QueryLevel.STUDY).match(Tag.PatientName, name).fuzzyPersonNames(true));
    }

    // ------------------------------------------------------------------ study level

    @Test
    void universalMatchingReturnsEverything() {
        Set<String> all = Set.of("S1", "S2", "S3", "S4", "S5", "S6");
        assertEquals(all, studies(Tag.PatientName, ""));
        assertEquals(all, studies(Tag.PatientName, "*"));
        assertEquals(all, studies(Tag.StudyDate, ""));
        assertEquals(all, studies(IndexQuery.builder(QueryLevel.STUDY)));
    }

    @Test
    void personNameWildcardsAreCaseInsensitive() {
        assertEquals(Set.of("S1", "S2", "S3"), studies(Tag.PatientName, "doe*"));
        assertEquals(Set.of("S1", "S2", "S3"), studies(Tag.PatientName, "D?E^J*"));
        assertEquals(Set.of("S1", "S2"), studies(Tag.PatientName, "doe^john"));
        assertEquals(Set.of("S1", "S2"), studies(Tag.PatientName, "DOE^JOHN^^"));
        assertEquals(Set.of("S1", "S2"), studies(Tag.PatientName, "*ohn"));
        assertEquals(Set.of("S3"), studies(Tag.PatientName, "*^j?ne"));
        assertEquals(Set.of(), studies(Tag.PatientName, "DOE"), "single value matching is not a prefix match");
        assertEquals(Set.of("S4"), studies(Tag.PatientName, "müller^hans"), "case folds, accents stay");
        assertEquals(Set.of(), studies(Tag.PatientName, "muller^hans"), "accents matter unless fuzzy");
        assertEquals(Set.of("S1", "S2"), studies(IndexQuery.builder(QueryLevel.STUDY).match(Tag.PatientName, "doe*")
            .match(Tag.StudyDate, "-20201231").match(Tag.StudyTime, "0800-1200")), "with other keys");
        assertEquals(Set.of("S4"), studies(Tag.ReferringPhysicianName, "dr*"));
    }

    @Test
    void fuzzyPersonNamesIgnoreAccentsCaseAndWordOrder() {
        assertEquals(Set.of("S4"), fuzzy("muller"));
        assertEquals(Set.of("S4"), fuzzy("HANS"));
        assertEquals(Set.of("S4"), fuzzy("hans muller"));
        assertEquals(Set.of("S5"), fuzzy("siobhan"));
        assertEquals(Set.of("S5"), fuzzy("o'brien"));
        assertEquals(Set.of("S1", "S2"), fuzzy("jo"), "a word prefix");
        assertEquals(Set.of("S1", "S2", "S3"), fuzzy("doe"));
        assertEquals(Set.of("S3"), fuzzy("j?ne"));
        assertEquals(Set.of(), fuzzy("ohn"), "not inside a word");
        assertEquals(Set.of("S4"), studies(IndexQuery.builder(QueryLevel.STUDY).match(Tag.ReferringPhysicianName, "arztin")
            .fuzzyPersonNames(true)));
    }

    @Test
    void dateRangesOpenAndClosed() {
        assertEquals(Set.of("S1"), studies(Tag.StudyDate, "20200101"));
        assertEquals(Set.of("S1", "S2"), studies(Tag.StudyDate, "20200101-20200331"));
        assertEquals(Set.of("S1", "S4"), studies(Tag.StudyDate, "-20200101"));
        assertEquals(Set.of("S3", "S6"), studies(Tag.StudyDate, "20210101-"));
        assertEquals(Set.of("S1", "S2"), studies(Tag.StudyDate, "2020.01.01-2020.12.31"), "ACR-NEMA dates");
        assertEquals(Set.of("S1", "S2", "S4"), studies(Tag.PatientBirthDate, "-19701231"));
    }

    @Test
    void timeRangesHonourPrecision() {
        assertEquals(Set.of("S1"), studies(Tag.StudyTime, "0800-0900"));
        assertEquals(Set.of("S3"), studies(Tag.StudyTime, "2359"), "2359 covers 23:59:00 to 23:59:59.999999");
        assertEquals(Set.of("S2", "S3"), studies(Tag.StudyTime, "14-"));
        assertEquals(Set.of("S1", "S6"), studies(Tag.StudyTime, "-08"), "08 ends at 08:59:59.999999");
    }

    @Test
    void dateAndTimeRangesTogetherAreOneDateTimeRange() {
        // From 2019-12-31 10:00 to 2020-01-01 09:00: S4 at 12:00 on the 31st and S1 at 08:30 on the 1st,
        // although neither time lies within 10:00-09:00 taken separately.
        assertEquals(Set.of("S1", "S4"), studies(IndexQuery.builder(QueryLevel.STUDY)
            .match(Tag.StudyDate, "20191231-20200101").match(Tag.StudyTime, "1000-0900")));
        // Up to 2020-03-15 14:00: S2 at 14:15 that day is out.
        assertEquals(Set.of("S1", "S4"), studies(IndexQuery.builder(QueryLevel.STUDY)
            .match(Tag.StudyDate, "-20200315").match(Tag.StudyTime, "-1400")));
        // A single date with a time range is not combined: that day, within those hours.
        assertEquals(Set.of("S2"), studies(IndexQuery.builder(QueryLevel.STUDY)
            .match(Tag.StudyDate, "20200315").match(Tag.StudyTime, "1400-1500")));
    }

    @Test
    void uidListsAndSingleUids() {
        assertEquals(Set.of("S1", "S3"), studies(Tag.StudyInstanceUID, "S1\\S3"));
        assertEquals(Set.of("S2"), studies(Tag.StudyInstanceUID, "S2"));
        assertEquals(Set.of(), studies(Tag.StudyInstanceUID, "S9\\S8"));
        assertThrows(InvalidQueryException.class, () -> studies(Tag.StudyInstanceUID, "S*"));
    }

    @Test
    void modalitiesInStudyMatchAnyValue() {
        assertEquals(Set.of("S1", "S2", "S4"), studies(Tag.ModalitiesInStudy, "CT"));
        assertEquals(Set.of("S2", "S3"), studies(Tag.ModalitiesInStudy, "MR\\US"));
        assertEquals(Set.of("S2"), studies(Tag.ModalitiesInStudy, "M?"));
        Dataset s2 = run(IndexQuery.builder(QueryLevel.STUDY).studyInstanceUid("S2").defaultReturnKeys(true).build()).get(0);
        assertEquals(List.of("CT", "MR"), List.of(s2.getStrings(Tag.ModalitiesInStudy)));
        assertEquals(2, s2.getInt(Tag.NumberOfStudyRelatedSeries, -1));
        assertEquals(5, s2.getInt(Tag.NumberOfStudyRelatedInstances, -1));
        assertEquals("Doe^John", s2.getString(Tag.PatientName));
        assertEquals("20200315", s2.getString(Tag.StudyDate));
        assertEquals("141500", s2.getString(Tag.StudyTime));
        assertEquals("ONLINE", s2.getString(Tag.InstanceAvailability));
        assertTrue(s2.contains(Tag.ReferringPhysicianName) && s2.getString(Tag.ReferringPhysicianName) == null, "empty, not absent");
    }

    @Test
    void valuesThatLookLikeSqlOrLikePatternsMatchLiterally() {
        assertEquals(Set.of("S6"), studies(Tag.AccessionNumber, INJECTION_ACCESSION));
        assertEquals(Set.of("S6"), studies(Tag.PatientName, "Robert'); DROP TABLE patient;--"));
        assertEquals(Set.of(), studies(Tag.AccessionNumber, "A%"), "% is not a wildcard");
        assertEquals(Set.of(), studies(Tag.AccessionNumber, "A_"), "_ is not a wildcard");
        assertEquals(Set.of("S6"), studies(Tag.StudyDescription, "50%_*"));
        assertEquals(Set.of(), studies(Tag.StudyDescription, "50\\%*"));
        assertEquals(Set.of("S6"), studies(Tag.PatientID, "X%_1"));
        assertEquals(Set.of("S6"), studies(Tag.PatientID, "X%*"));
        assertEquals(Set.of(), studies(Tag.PatientID, "X\\_*"));
        assertEquals(6, studies(IndexQuery.builder(QueryLevel.STUDY)).size(), "nothing was dropped");
    }

    @Test
    void limitOffsetAndOrder() {
        IndexQuery.Builder byDate = IndexQuery.builder(QueryLevel.STUDY).orderBy(Tag.StudyDate, true);
        List<String> all = run(byDate.build()).stream().map(d -> d.getString(Tag.StudyInstanceUID)).collect(Collectors.toList());
        assertEquals(List.of("S6", "S3", "S2", "S1", "S4", "S5"), all, "newest first, no date last");
        List<String> page = run(IndexQuery.builder(QueryLevel.STUDY).orderBy(Tag.StudyDate, true).limit(2).offset(1).build())
            .stream().map(d -> d.getString(Tag.StudyInstanceUID)).collect(Collectors.toList());
        assertEquals(List.of("S3", "S2"), page);
        assertEquals(List.of("S4", "S5"), run(IndexQuery.builder(QueryLevel.STUDY).orderBy(Tag.StudyDate, true).offset(4).build())
            .stream().map(d -> d.getString(Tag.StudyInstanceUID)).collect(Collectors.toList()));
        List<String> byName = run(IndexQuery.builder(QueryLevel.STUDY).orderBy(Tag.PatientName, false)
            .orderBy(Tag.StudyDate, false).limit(3).build())
            .stream().map(d -> d.getString(Tag.StudyInstanceUID)).collect(Collectors.toList());
        assertEquals(List.of("S3", "S1", "S2"), byName, "DOE^JANE before DOE^JOHN, then by date");
    }

    @Test
    void badQueriesAreRefusedBeforeAnyIo() {
        assertThrows(InvalidQueryException.class, () -> IndexQuery.builder(QueryLevel.STUDY).match(Tag.StudyDate, "2020-01-01x").build());
        assertThrows(InvalidQueryException.class, () -> IndexQuery.builder(QueryLevel.STUDY).match(Tag.StudyDate, "20201301").build());
        assertThrows(InvalidQueryException.class, () -> IndexQuery.builder(QueryLevel.STUDY).match(Tag.StudyDate, "20200102-20200101").build());
        assertThrows(InvalidQueryException.class, () -> IndexQuery.builder(QueryLevel.STUDY).match(Tag.StudyTime, "25").build());
        assertThrows(InvalidQueryException.class, () -> IndexQuery.builder(QueryLevel.SERIES).match(Tag.SeriesNumber, "one").build());
        assertThrows(InvalidQueryException.class, () -> IndexQuery.builder(QueryLevel.STUDY).limit(-1).build());
        assertThrows(InvalidQueryException.class, () -> QueryLevel.of("FRAME"));
        InvalidQueryException unsupported = assertThrows(InvalidQueryException.class,
            () -> IndexQuery.builder(QueryLevel.STUDY).match(Tag.Manufacturer, "ACME").build());
        assertTrue(unsupported.isUnsupportedKey());
        assertEquals(Tag.Manufacturer, unsupported.tag());
        assertTrue(unsupported.getMessage().contains("Manufacturer"), unsupported.getMessage());
        assertThrows(InvalidQueryException.class, () -> IndexQuery.builder(QueryLevel.PATIENT).match(Tag.StudyDate, "20200101").build(),
            "a study key at patient level");
        assertThrows(InvalidQueryException.class, () -> IndexQuery.builder(QueryLevel.STUDY).orderBy(Tag.Modality, false).build());
        // An unsupported key with an empty value is a return key: returned empty, not refused.
        Dataset s1 = run(IndexQuery.builder(QueryLevel.STUDY).studyInstanceUid("S1").match(Tag.Manufacturer, "").build()).get(0);
        assertTrue(s1.contains(Tag.Manufacturer));
    }

    // ------------------------------------------------------------------ other levels

    @Test
    void patientLevel() {
        List<Dataset> patients = run(IndexQuery.builder(QueryLevel.PATIENT).match(Tag.PatientName, "doe*")
            .defaultReturnKeys(true).orderBy(Tag.PatientID, false).build());
        assertEquals(List.of("P1", "P2"), patients.stream().map(d -> d.getString(Tag.PatientID)).collect(Collectors.toList()));
        assertEquals(2, patients.get(0).getInt(Tag.NumberOfPatientRelatedStudies, -1));
        assertEquals(3, patients.get(0).getInt(Tag.NumberOfPatientRelatedSeries, -1));
        assertEquals(7, patients.get(0).getInt(Tag.NumberOfPatientRelatedInstances, -1));
        assertEquals("19700101", patients.get(0).getString(Tag.PatientBirthDate));
        assertEquals(Set.of("P1", "P3"), run(IndexQuery.builder(QueryLevel.PATIENT).match(Tag.PatientSex, "M").build())
            .stream().map(d -> d.getString(Tag.PatientID)).collect(Collectors.toSet()));
    }

    @Test
    void seriesLevel() {
        List<Dataset> s2 = run(IndexQuery.builder(QueryLevel.SERIES).studyInstanceUid("S2").defaultReturnKeys(true)
            .orderBy(Tag.SeriesNumber, false).build());
        assertEquals(List.of("S2.1", "S2.2"), s2.stream().map(d -> d.getString(Tag.SeriesInstanceUID)).collect(Collectors.toList()));
        assertEquals("MR", s2.get(0).getString(Tag.Modality));
        assertEquals(3, s2.get(0).getInt(Tag.NumberOfSeriesRelatedInstances, -1));
        assertEquals("S2", s2.get(0).getString(Tag.StudyInstanceUID));
        assertEquals(Set.of("S1.1", "S2.2", "S4.1"), run(IndexQuery.builder(QueryLevel.SERIES).match(Tag.Modality, "CT").build())
            .stream().map(d -> d.getString(Tag.SeriesInstanceUID)).collect(Collectors.toSet()));
        assertEquals(Set.of("S2.2"), run(IndexQuery.builder(QueryLevel.SERIES).match(Tag.SeriesNumber, "2").build())
            .stream().map(d -> d.getString(Tag.SeriesInstanceUID)).collect(Collectors.toSet()));
        // Relational: a patient attribute at series level.
        assertEquals(Set.of("S1.1", "S2.1", "S2.2"), run(IndexQuery.builder(QueryLevel.SERIES).match(Tag.PatientID, "P1").build())
            .stream().map(d -> d.getString(Tag.SeriesInstanceUID)).collect(Collectors.toSet()));
        assertEquals(Set.of("S3.1"), run(IndexQuery.builder(QueryLevel.SERIES).match(Tag.SeriesDescription, "US*").build())
            .stream().map(d -> d.getString(Tag.SeriesInstanceUID)).collect(Collectors.toSet()));
    }

    @Test
    void imageLevelWithMetadataReturnKeys() {
        List<Dataset> images = run(IndexQuery.builder(QueryLevel.IMAGE).studyInstanceUid("S2").seriesInstanceUid("S2.1")
            .defaultReturnKeys(true).returnKey(Tag.Manufacturer).orderBy(Tag.InstanceNumber, true).build());
        assertEquals(List.of("S2.1.3", "S2.1.2", "S2.1.1"),
            images.stream().map(d -> d.getString(Tag.SOPInstanceUID)).collect(Collectors.toList()));
        Dataset first = images.get(0);
        assertEquals("ACME", first.getString(Tag.Manufacturer), "from the stored metadata");
        assertEquals(512, first.getInt(Tag.Rows, -1));
        assertEquals(3, first.getInt(Tag.InstanceNumber, -1));
        assertEquals("S2", first.getString(Tag.StudyInstanceUID));
        assertEquals(Set.of("S2.1.1", "S2.2.2"), run(IndexQuery.builder(QueryLevel.IMAGE)
            .match(Tag.SOPInstanceUID, "S2.1.1\\S2.2.2").build())
            .stream().map(d -> d.getString(Tag.SOPInstanceUID)).collect(Collectors.toSet()));
        assertEquals(Set.of("S2.1.1", "S2.1.2"), run(IndexQuery.builder(QueryLevel.IMAGE).seriesInstanceUid("S2.1")
            .match(Tag.InstanceNumber, "1\\2").build())
            .stream().map(d -> d.getString(Tag.SOPInstanceUID)).collect(Collectors.toSet()));
        assertEquals(11, run(IndexQuery.builder(QueryLevel.IMAGE).match(Tag.SOPClassUID, io.sagitta.core.data.UID.CTImageStorage)
            .build()).size());
        assertEquals(3, run(IndexQuery.builder(QueryLevel.IMAGE).match(Tag.StudyDate, "-20200101").build()).size());
    }

    @Test
    void resultsStreamWithBackPressure() throws Exception {
        ReadStream<Dataset> stream = index.query(IndexQuery.builder(QueryLevel.IMAGE).build());
        List<Dataset> received = new CopyOnWriteArrayList<>();
        List<Boolean> ended = new CopyOnWriteArrayList<>();
        stream.pause();
        stream.endHandler(v -> ended.add(true));
        stream.handler(received::add);
        Thread.sleep(300);
        assertEquals(0, received.size(), "paused: nothing delivered");
        stream.fetch(2);
        Thread.sleep(300);
        assertEquals(2, received.size(), "exactly what was fetched");
        assertTrue(ended.isEmpty());
        stream.resume();
        long deadline = System.currentTimeMillis() + 10_000;
        while (ended.isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(11, received.size());
        assertEquals(List.of(true), ended);
        List<String> uids = new ArrayList<>();
        received.forEach(d -> uids.add(d.getString(Tag.SOPInstanceUID)));
        assertEquals(11, new TreeSet<>(uids).size());
    }
}
