package io.sagitta.server.dimse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.sagitta.core.data.Dataset;
import io.sagitta.core.data.Tag;
import io.sagitta.core.data.TransferSyntax;
import io.sagitta.core.data.UID;
import io.sagitta.core.data.VR;
import io.sagitta.core.io.DicomFiles;
import io.sagitta.core.io.Part10Writer;
import io.sagitta.core.net.NoLeaks;
import io.sagitta.core.net.dimse.Status;
import io.sagitta.core.net.service.FindService;
import io.sagitta.storage.db.Database;
import io.sagitta.storage.db.DatabaseOptions;
import io.sagitta.storage.db.EmbeddedDatabase;
import io.sagitta.storage.db.EmbeddedDatabaseOptions;
import io.sagitta.storage.index.InstanceIndex;
import io.sagitta.storage.index.InstanceRecord;
import io.sagitta.storage.index.StoredBlob;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * dcmtk's findscu against the DIMSE server with {@link IndexFindService} on a real (embedded) PostgreSQL index,
 * seeded directly: every level of both models, each kind of matching, return keys, character sets, C-CANCEL,
 * refused identifiers and an index outage.
 */
@ExtendWith(NoLeaks.class)
class FindScpTest {

    static final String AE = "SAGITTA";
    static final String P = "1.2.826.0.1.3680043.10.543.";
    static final String ST1 = P + "1", ST2 = P + "2", ST3 = P + "3", ST4 = P + "4", ST5 = P + "5";
    static final String SE11 = ST1 + ".1", SE12 = ST1 + ".2", SE21 = ST2 + ".1", SE31 = ST3 + ".1", SE41 = ST4 + ".1",
        SE51 = ST5 + ".1";

    static Vertx vertx;
    static EmbeddedDatabase postgres;
    static Database database;
    static InstanceIndex index;
    static DimseServer server;
    static int port;

    @TempDir
    static Path pgData;
    @TempDir
    Path work;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        postgres = EmbeddedDatabase.create(vertx, EmbeddedDatabaseOptions.of(pgData)
            .withServerConfig("fsync", "off").withServerConfig("synchronous_commit", "off"));
        await(postgres.start());
        database = Database.create(vertx, postgres.connectionOptions(DatabaseOptions.builder()
            .poolInitialSize(1).poolMaxSize(4).acquireTimeout(Duration.ofSeconds(3))
            .connectTimeout(Duration.ofSeconds(2)).statementTimeout(Duration.ofSeconds(20)).build()));
        index = await(InstanceIndex.create(vertx, database));
        seed();
        server = DimseServer.create(vertx, DimseServerOptions.create().port(0).aeTitle(AE).eventLoops(2), null,
            IndexFindService.create(vertx, index, AE));
        port = await(server.listen());
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            await(server.close());
        }
        if (database != null) {
            await(database.close());
        }
        if (postgres != null) {
            await(postgres.stop());
        }
        await(vertx.close());
    }

    /** Four patients, five studies, six series, ten instances; one patient's name in ISO_IR 100. */
    static void seed() {
        patient("PID-1", "Doe^John", "19700101", "M", null);
        study(ST1, "20200115", "101500", "ACC1", "CT Chest");
        instances(SE11, "CT", 1, 3);
        instances(SE12, "CT", 2, 1);
        study(ST2, "20210620", "083000", "ACC2", "MR Head");
        instances(SE21, "MR", 1, 2);
        patient("PID-2", "Doe^Jane", "19851212", "F", null);
        study(ST3, "20190301", "120000", "ACC3", "CT Abdomen");
        instances(SE31, "CT", 1, 1);
        patient("PID-3", "Müller^Jürgen", "19600505", "M", "ISO_IR 100");
        study(ST4, "20220101", "090000", "ACC4", "MR Knee");
        instances(SE41, "MR", 1, 1);
        patient("PID-4", "Smith^Anna", "19900909", "F", null);
        study(ST5, "20200201", "150000", "ACC5", "CT Head");
        instances(SE51, "CT", 1, 2);
    }

    private static Dataset current = new Dataset();

    private static void patient(String id, String name, String birthDate, String sex, String charset) {
        current = new Dataset();
        if (charset != null) {
            current.setString(Tag.SpecificCharacterSet, VR.CS, charset);
        }
        current.setString(Tag.PatientID, VR.LO, id);
        current.setString(Tag.PatientName, VR.PN, name);
        current.setString(Tag.PatientBirthDate, VR.DA, birthDate);
        current.setString(Tag.PatientSex, VR.CS, sex);
    }

    private static void study(String uid, String date, String time, String accession, String description) {
        current.setString(Tag.StudyInstanceUID, VR.UI, uid);
        current.setString(Tag.StudyDate, VR.DA, date);
        current.setString(Tag.StudyTime, VR.TM, time);
        current.setString(Tag.AccessionNumber, VR.SH, accession);
        current.setString(Tag.StudyDescription, VR.LO, description);
    }

    private static void instances(String series, String modality, int seriesNumber, int count) {
        for (int i = 1; i <= count; i++) {
            Dataset d = new Dataset();
            for (int e = 0; e < current.size(); e++) {
                d.setValue(current.tagAt(e), current.vrAt(e), current.valueAt(e));
            }
            d.setString(Tag.SeriesInstanceUID, VR.UI, series);
            d.setString(Tag.Modality, VR.CS, modality);
            d.setString(Tag.SeriesNumber, VR.IS, Integer.toString(seriesNumber));
            d.setString(Tag.SOPClassUID, VR.UI, modality.equals("CT") ? UID.CTImageStorage : UID.MRImageStorage);
            d.setString(Tag.SOPInstanceUID, VR.UI, series + "." + i);
            d.setString(Tag.InstanceNumber, VR.IS, Integer.toString(i));
            await(index.recordInstance(InstanceRecord.of(d, UID.ExplicitVRLittleEndian,
                new StoredBlob("blob/" + series + "." + i, 1000, "sha256:" + i))));
        }
    }

    // ------------------------------------------------------------------ Study Root

    @Test
    void studyRootStudyLevelWildcardName() throws Exception {
        Found f = findscu("-S", "QueryRetrieveLevel=STUDY", "PatientName=DOE*", "StudyInstanceUID", "StudyDate");
        f.assertFinal("Success");
        assertEquals(Set.of(ST1, ST2, ST3), f.values(Tag.StudyInstanceUID));
        for (Dataset d : f.matches) {
            assertEquals("STUDY", d.getString(Tag.QueryRetrieveLevel));
            assertEquals(AE, d.getString(Tag.RetrieveAETitle));
            assertTrue(d.getString(Tag.PatientName).startsWith("Doe^"), d.toString());
            assertFalse(d.contains(Tag.AccessionNumber), "only the keys asked for: " + d);
        }
        Dataset st1 = f.with(Tag.StudyInstanceUID, ST1);
        assertEquals("20200115", st1.getString(Tag.StudyDate));
        assertEquals("Doe^John", st1.getString(Tag.PatientName));
    }

    @Test
    void studyRootStudyLevelDateRanges() throws Exception {
        Found closed = findscu("-S", "QueryRetrieveLevel=STUDY", "StudyDate=20200101-20201231", "StudyInstanceUID");
        closed.assertFinal("Success");
        assertEquals(Set.of(ST1, ST5), closed.values(Tag.StudyInstanceUID));
        Found open = findscu("-S", "QueryRetrieveLevel=STUDY", "StudyDate=-20191231", "StudyInstanceUID", "AccessionNumber");
        assertEquals(Set.of(ST3), open.values(Tag.StudyInstanceUID));
        assertEquals("ACC3", open.matches.get(0).getString(Tag.AccessionNumber));
        Found single = findscu("-S", "QueryRetrieveLevel=STUDY", "StudyDate=20220101", "StudyInstanceUID");
        assertEquals(Set.of(ST4), single.values(Tag.StudyInstanceUID));
    }

    @Test
    void studyRootStudyLevelUidListAndUniversal() throws Exception {
        Found list = findscu("-S", "QueryRetrieveLevel=STUDY", "StudyInstanceUID=" + ST1 + "\\" + ST3, "StudyDescription");
        list.assertFinal("Success");
        assertEquals(Set.of(ST1, ST3), list.values(Tag.StudyInstanceUID));
        assertEquals(Set.of("CT Chest", "CT Abdomen"), list.values(Tag.StudyDescription));
        Found all = findscu("-S", "QueryRetrieveLevel=STUDY", "StudyInstanceUID", "PatientID", "NumberOfStudyRelatedInstances");
        assertEquals(Set.of(ST1, ST2, ST3, ST4, ST5), all.values(Tag.StudyInstanceUID));
        assertEquals("4", all.with(Tag.StudyInstanceUID, ST1).getString(Tag.NumberOfStudyRelatedInstances));
    }

    @Test
    void studyRootSeriesAndImageLevels() throws Exception {
        Found series = findscu("-S", "QueryRetrieveLevel=SERIES", "StudyInstanceUID=" + ST1, "SeriesInstanceUID", "Modality",
            "SeriesNumber");
        series.assertFinal("Success");
        assertEquals(Set.of(SE11, SE12), series.values(Tag.SeriesInstanceUID));
        assertEquals("2", series.with(Tag.SeriesInstanceUID, SE12).getString(Tag.SeriesNumber));
        Found mr = findscu("-S", "QueryRetrieveLevel=SERIES", "StudyInstanceUID=" + ST2, "SeriesInstanceUID", "Modality=MR");
        assertEquals(Set.of(SE21), mr.values(Tag.SeriesInstanceUID));
        Found images = findscu("-S", "QueryRetrieveLevel=IMAGE", "StudyInstanceUID=" + ST1, "SeriesInstanceUID=" + SE11,
            "SOPInstanceUID", "InstanceNumber", "SOPClassUID");
        images.assertFinal("Success");
        assertEquals(Set.of(SE11 + ".1", SE11 + ".2", SE11 + ".3"), images.values(Tag.SOPInstanceUID));
        assertEquals(Set.of(UID.CTImageStorage), images.values(Tag.SOPClassUID));
        Found one = findscu("-S", "QueryRetrieveLevel=IMAGE", "StudyInstanceUID=" + ST1, "SeriesInstanceUID=" + SE11,
            "SOPInstanceUID=" + SE11 + ".2\\" + SE11 + ".9");
        assertEquals(Set.of(SE11 + ".2"), one.values(Tag.SOPInstanceUID));
    }

    @Test
    void studyRootRefusesPatientLevelAndMissingUniqueKeys() throws Exception {
        findscu("-S", "QueryRetrieveLevel=PATIENT", "PatientID").assertFailure(Status.IDENTIFIER_DOES_NOT_MATCH_SOP_CLASS);
        // SERIES level needs the study's unique key as a single value.
        findscu("-S", "QueryRetrieveLevel=SERIES", "SeriesInstanceUID").assertFailure(Status.IDENTIFIER_DOES_NOT_MATCH_SOP_CLASS);
        findscu("-S", "QueryRetrieveLevel=SERIES", "StudyInstanceUID=" + ST1 + "\\" + ST2, "SeriesInstanceUID")
            .assertFailure(Status.IDENTIFIER_DOES_NOT_MATCH_SOP_CLASS);
    }

    @Test
    void invalidOrMissingLevelFails() throws Exception {
        // -d shows the response command: its Error Comment names the problem.
        Found bad = findscu(List.of("-S", "-d"), "QueryRetrieveLevel=FOO", "StudyInstanceUID");
        assertTrue(bad.output.contains("DIMSE Status                  : 0xa900"), bad.output);
        assertTrue(bad.output.contains("[unknown QueryRetrieveLevel 'FOO']"), bad.output);
        assertEquals(0, bad.matches.size());
        findscu("-S", "StudyInstanceUID", "PatientName=DOE*").assertFailure(Status.IDENTIFIER_DOES_NOT_MATCH_SOP_CLASS);
        findscu("-S", "QueryRetrieveLevel=STUDY", "StudyDate=2020-01-01-2021").assertFailure(Status.IDENTIFIER_DOES_NOT_MATCH_SOP_CLASS);
        // Still serving.
        Dcmtk.echoscu(port, AE).assertSuccess();
    }

    // ------------------------------------------------------------------ Patient Root

    @Test
    void patientRootPatientLevel() throws Exception {
        Found all = findscu("-P", "QueryRetrieveLevel=PATIENT", "PatientID", "PatientName", "PatientBirthDate");
        all.assertFinal("Success");
        assertEquals(Set.of("PID-1", "PID-2", "PID-3", "PID-4"), all.values(Tag.PatientID));
        assertEquals("19851212", all.with(Tag.PatientID, "PID-2").getString(Tag.PatientBirthDate));
        Found women = findscu("-P", "QueryRetrieveLevel=PATIENT", "PatientID", "PatientSex=F");
        assertEquals(Set.of("PID-2", "PID-4"), women.values(Tag.PatientID));
        Found wildcard = findscu("-P", "QueryRetrieveLevel=PATIENT", "PatientID=PID-?", "PatientName=*o*");
        assertEquals(Set.of("PID-1", "PID-2"), wildcard.values(Tag.PatientID));
        Found born = findscu("-P", "QueryRetrieveLevel=PATIENT", "PatientID", "PatientBirthDate=19800101-");
        assertEquals(Set.of("PID-2", "PID-4"), born.values(Tag.PatientID));
    }

    @Test
    void patientRootStudySeriesImageLevels() throws Exception {
        Found studies = findscu("-P", "QueryRetrieveLevel=STUDY", "PatientID=PID-1", "StudyInstanceUID", "StudyDate");
        studies.assertFinal("Success");
        assertEquals(Set.of(ST1, ST2), studies.values(Tag.StudyInstanceUID));
        Found ranged = findscu("-P", "QueryRetrieveLevel=STUDY", "PatientID=PID-1", "StudyInstanceUID",
            "StudyDate=20210101-");
        assertEquals(Set.of(ST2), ranged.values(Tag.StudyInstanceUID));
        Found series = findscu("-P", "QueryRetrieveLevel=SERIES", "PatientID=PID-1", "StudyInstanceUID=" + ST1,
            "SeriesInstanceUID", "Modality");
        assertEquals(Set.of(SE11, SE12), series.values(Tag.SeriesInstanceUID));
        Found images = findscu("-P", "QueryRetrieveLevel=IMAGE", "PatientID=PID-4", "StudyInstanceUID=" + ST5,
            "SeriesInstanceUID=" + SE51, "SOPInstanceUID");
        assertEquals(Set.of(SE51 + ".1", SE51 + ".2"), images.values(Tag.SOPInstanceUID));
        // A patient who does not own the study: nothing.
        Found none = findscu("-P", "QueryRetrieveLevel=SERIES", "PatientID=PID-2", "StudyInstanceUID=" + ST1,
            "SeriesInstanceUID");
        none.assertFinal("Success");
        assertEquals(0, none.matches.size());
    }

    @Test
    void patientRootStudyLevelNeedsPatientId() throws Exception {
        findscu("-P", "QueryRetrieveLevel=STUDY", "StudyInstanceUID").assertFailure(Status.IDENTIFIER_DOES_NOT_MATCH_SOP_CLASS);
        findscu("-P", "QueryRetrieveLevel=STUDY", "PatientID=PID-*", "StudyInstanceUID").assertFailure(Status.IDENTIFIER_DOES_NOT_MATCH_SOP_CLASS);
    }

    // ------------------------------------------------------------------ character sets, keys

    @Test
    void latin1NameMatchedAndAnsweredInTheRequestedCharacterSet() throws Exception {
        Dataset query = new Dataset();
        query.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 100");
        query.setString(Tag.QueryRetrieveLevel, VR.CS, "PATIENT");
        query.setString(Tag.PatientName, VR.PN, "müll*");
        query.setBytes(Tag.PatientID, VR.LO, null);
        Found latin1 = findscu(List.of("-P"), query);
        latin1.assertFinal("Success");
        assertEquals(1, latin1.matches.size(), latin1.output);
        Dataset d = latin1.matches.get(0);
        assertEquals("ISO_IR 100", d.getString(Tag.SpecificCharacterSet));
        assertEquals("Müller^Jürgen", d.getString(Tag.PatientName));
        assertEquals("PID-3", d.getString(Tag.PatientID));

        // Asked in the default repertoire: the answer says UTF-8, as it must hold a non-ASCII name.
        Found utf8 = findscu("-P", "QueryRetrieveLevel=PATIENT", "PatientID=PID-3", "PatientName");
        assertEquals("ISO_IR 192", utf8.matches.get(0).getString(Tag.SpecificCharacterSet));
        assertEquals("Müller^Jürgen", utf8.matches.get(0).getString(Tag.PatientName));
        // ASCII only: no Specific Character Set at all.
        Found ascii = findscu("-P", "QueryRetrieveLevel=PATIENT", "PatientID=PID-4", "PatientName");
        assertFalse(ascii.matches.get(0).contains(Tag.SpecificCharacterSet), ascii.matches.get(0).toString());
    }

    @Test
    void unsupportedMatchingKeyIsReturnedWithPendingWarning() throws Exception {
        // The index cannot match on PatientComments: it is ignored for matching, and the pending responses say so.
        Found f = findscu("-S", "QueryRetrieveLevel=STUDY", "StudyInstanceUID=" + ST1, "PatientComments=anything");
        f.assertFinal("Success");
        assertEquals(Set.of(ST1), f.values(Tag.StudyInstanceUID));
        assertTrue(f.output.contains("Pending: WarningUnsupportedOptionalKeys"), f.output);
    }

    @Test
    void explicitAndImplicitAndBigEndianIdentifiers() throws Exception {
        for (String ts : List.of("-xi", "-xe", "-xb", "-xd")) {
            Found f = findscu(List.of("-S", ts), "QueryRetrieveLevel=STUDY", "PatientName=DOE^JO*", "StudyInstanceUID");
            f.assertFinal("Success");
            assertEquals(Set.of(ST1, ST2), f.values(Tag.StudyInstanceUID), ts);
        }
    }

    // ------------------------------------------------------------------ cancel, outage

    @Test
    void cancelStopsTheMatchesWithCancelStatus() throws Exception {
        // The real index behind a service that hands each match over slowly, so that C-CANCEL arrives mid-stream.
        AtomicBoolean cancelled = new AtomicBoolean();
        IndexFindService real = IndexFindService.create(vertx, index, AE);
        FindService slow = request -> new SlowMatches(real.find(request), cancelled);
        DimseServer slowServer = DimseServer.create(vertx, DimseServerOptions.create().port(0).aeTitle(AE), null, slow);
        int slowPort = await(slowServer.listen());
        try {
            Found f = findscu(slowPort, List.of("-S", "--cancel", "1"), null, "QueryRetrieveLevel=IMAGE",
                "StudyInstanceUID=" + ST1, "SeriesInstanceUID=" + SE11, "SOPInstanceUID");
            f.assertFinal("Cancel: MatchingTerminatedDueToCancelRequest");
            assertTrue(f.matches.size() < 3, f.output);
            for (int i = 0; i < 100 && !cancelled.get(); i++) {
                Thread.sleep(20);
            }
            assertTrue(cancelled.get(), "the index stream was cancelled");
            Dcmtk.echoscu(slowPort, AE).assertSuccess();
        } finally {
            await(slowServer.close());
        }
    }

    @Test
    void indexDownAnswersOutOfResourcesAndTheServerStaysUp() throws Exception {
        await(postgres.stop());
        try {
            Found f = findscu("-S", "QueryRetrieveLevel=STUDY", "StudyInstanceUID");
            f.assertFailure(Status.OUT_OF_RESOURCES);
            Dcmtk.echoscu(port, AE).assertSuccess();
        } finally {
            await(postgres.start());
        }
        Found again = findscu("-S", "QueryRetrieveLevel=STUDY", "StudyInstanceUID");
        again.assertFinal("Success");
        assertEquals(5, again.matches.size());
    }

    // ------------------------------------------------------------------ findscu

    /** What findscu got: its log, and each pending response's identifier (extracted with -X). */
    record Found(String output, List<Dataset> matches) {

        /** The final status as findscu names it, e.g. "Success", "Cancel", "Error", "Refused". */
        void assertFinal(String status) {
            assertTrue(output.contains("Received Final Find Response (" + status), output);
        }

        void assertFailure(int status) {
            assertFinal(switch (status) {
                case Status.IDENTIFIER_DOES_NOT_MATCH_SOP_CLASS -> "Error: DataSetDoesNotMatchSOPClass";
                case Status.OUT_OF_RESOURCES -> "Refused: OutOfResources";
                case Status.UNABLE_TO_PROCESS -> "Failed: UnableToProcess";
                default -> throw new IllegalArgumentException(Status.toHex(status));
            });
            assertEquals(0, matches.size(), output);
        }

        Set<String> values(int tag) {
            return matches.stream().map(d -> d.getString(tag)).collect(Collectors.toCollection(TreeSet::new));
        }

        Dataset with(int tag, String value) {
            return matches.stream().filter(d -> value.equals(d.getString(tag))).findFirst().orElseThrow();
        }
    }

    private Found findscu(String model, String... keys) throws Exception {
        return findscu(port, List.of(model), null, keys);
    }

    private Found findscu(List<String> options, String... keys) throws Exception {
        return findscu(port, options, null, keys);
    }

    private Found findscu(List<String> options, Dataset query) throws Exception {
        return findscu(port, options, query);
    }

    private Found findscu(int port, List<String> options, Dataset query, String... keys) throws Exception {
        Path dir = Files.createTempDirectory(work, "find");
        List<String> cmd = new ArrayList<>(List.of("findscu", "-v", "-aec", AE, "-aet", "FINDSCU", "-X", "-od", dir.toString()));
        cmd.addAll(options);
        for (String key : keys) {
            cmd.add("-k");
            cmd.add(key);
        }
        cmd.add("127.0.0.1");
        cmd.add(Integer.toString(port));
        if (query != null) {
            Path file = dir.resolve("query.dcm");
            ByteBuf out = Unpooled.buffer();
            try {
                Part10Writer.create().write(Part10Writer.fileMetaInformation(options.contains("-P")
                    ? UID.PatientRootQueryRetrieveInformationModelFind : UID.StudyRootQueryRetrieveInformationModelFind,
                    "2.25.1", TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN), query, out);
                Files.write(file, ByteBufUtil.getBytes(out));
            } finally {
                out.release();
            }
            cmd.add(file.toString());
        }
        Dcmtk.Result r = Dcmtk.run(cmd);
        List<Dataset> matches = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path rsp : files.filter(p -> p.getFileName().toString().startsWith("rsp")).sorted().toList()) {
                matches.add(DicomFiles.read(rsp).dataset());
            }
        }
        return new Found(r.output(), matches);
    }

    /** Delays each match by 300 ms on a Vert.x timer, and records the cancel. */
    private static final class SlowMatches implements FindService.Matches {
        private final FindService.Matches inner;
        private final AtomicBoolean cancelled;

        SlowMatches(FindService.Matches inner, AtomicBoolean cancelled) {
            this.inner = inner;
            this.cancelled = cancelled;
        }

        @Override
        public java.util.concurrent.CompletionStage<Dataset> next() {
            CompletableFuture<Dataset> delayed = new CompletableFuture<>();
            inner.next().whenComplete((d, e) -> vertx.setTimer(300, t -> {
                if (e != null) {
                    delayed.completeExceptionally(e);
                } else {
                    delayed.complete(d);
                }
            }));
            return delayed;
        }

        @Override
        public void cancel() {
            cancelled.set(true);
            inner.cancel();
        }
    }

    static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
