package io.sagitta.server.dimse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sagitta.core.net.NoLeaks;
import io.sagitta.server.config.PeerAddress;
import io.sagitta.storage.blob.FileBlobStore;
import io.sagitta.storage.blob.FileBlobStoreOptions;
import io.sagitta.storage.db.Database;
import io.sagitta.storage.db.DatabaseOptions;
import io.sagitta.storage.db.EmbeddedDatabase;
import io.sagitta.storage.db.EmbeddedDatabaseOptions;
import io.sagitta.storage.index.InstanceIndex;
import io.sagitta.storage.store.InstanceStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * dcmtk's movescu against the archive ({@link ArchiveStoreService}, {@link ArchiveMoveService} on a real embedded
 * PostgreSQL index and a file blob store), with dcmtk's storescp as the Move Destination: the instances arrive
 * with the data set bytes they were stored with, at every level; unknown and unreachable destinations, bad
 * identifiers and C-CANCEL get their statuses.
 */
@ExtendWith(NoLeaks.class)
class MoveScpTest {

    static final String AE = "SAGITTA";
    static final String ST1 = "2.25.7001", ST2 = "2.25.7002";
    static final String SE11 = ST1 + ".1", SE12 = ST1 + ".2", SE21 = ST2 + ".1";
    static final String A = SE11 + ".1", B = SE11 + ".2", C = SE12 + ".1", D = SE21 + ".1";

    static Vertx vertx;
    static EmbeddedDatabase postgres;
    static Database database;
    static FileBlobStore blobs;
    static DimseServer server;
    static int port;
    static Process storescp;
    static Process picky;
    /** Our own DIMSE server as a destination, to see the sub-operation commands. */
    static DimseServer ours;
    static TestPart10Store oursStore;
    static final List<String> originators = new java.util.concurrent.CopyOnWriteArrayList<>();
    static final Map<String, Path> sent = new java.util.HashMap<>();

    @TempDir
    static Path pgData;
    @TempDir
    static Path blobDir;
    @TempDir
    static Path sources;
    @TempDir
    static Path destination;
    @TempDir
    static Path pickyDestination;
    @TempDir
    static Path oursDestination;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        postgres = EmbeddedDatabase.create(vertx, EmbeddedDatabaseOptions.of(pgData)
            .withServerConfig("fsync", "off").withServerConfig("synchronous_commit", "off"));
        await(postgres.start());
        database = Database.create(vertx, postgres.connectionOptions(DatabaseOptions.builder()
            .poolInitialSize(1).poolMaxSize(4).acquireTimeout(Duration.ofSeconds(3))
            .connectTimeout(Duration.ofSeconds(2)).statementTimeout(Duration.ofSeconds(20)).build()));
        InstanceIndex index = await(InstanceIndex.create(vertx, database));
        blobs = await(FileBlobStore.create(vertx, new FileBlobStoreOptions().setRoot(blobDir)));
        InstanceStore store = InstanceStore.create(blobs, index);

        int destPort = Dcmtk.freePort();
        int downPort = Dcmtk.freePort();
        int pickyPort = Dcmtk.freePort();
        // Accepts implicit VR little endian only: the explicit and big endian instances are refused.
        picky = Dcmtk.startListening(pickyPort, "storescp", "-aet", "PICKY", "+xi", "-od", pickyDestination.toString(),
            Integer.toString(pickyPort));
        storescp = Dcmtk.startListening(destPort, "storescp", "-aet", "DEST", "+xa", "-od", destination.toString(),
            Integer.toString(destPort));
        oursStore = new TestPart10Store(oursDestination);
        ours = DimseServer.create(vertx, DimseServerOptions.create().port(0).aeTitle("OURS"), request -> {
            originators.add(request.command().moveOriginatorAeTitle() + "/" + request.command().moveOriginatorMessageId());
            return oursStore.store(request);
        });
        int oursPort = await(ours.listen());
        Map<String, PeerAddress> peers = Map.of(
            "OURS", new PeerAddress("OURS", "127.0.0.1", oursPort),
            "DEST", new PeerAddress("DEST", "127.0.0.1", destPort),
            "DOWN", new PeerAddress("DOWN", "127.0.0.1", downPort),
            "PICKY", new PeerAddress("PICKY", "127.0.0.1", pickyPort));
        ArchiveMoveService retrieve = ArchiveMoveService.create(vertx, store, AE, peers);
        server = DimseServer.create(vertx, DimseServerOptions.create().port(0).aeTitle(AE).eventLoops(2),
            new ArchiveStoreService(store), IndexFindService.create(vertx, index, AE),
            retrieve, retrieve);
        port = await(server.listen());

        // Four instances in three series of two studies, in three transfer syntaxes.
        Path a = instance("a", A, ST1, SE11, null);
        Path b = instance("b", B, ST1, SE11, "+te");
        Path c = instance("c", C, ST1, SE12, "+tb");
        Path d = instance("d", D, ST2, SE21, "+te");
        Dcmtk.storescu(port, AE, List.of(), a, b, d).assertSuccess();
        Dcmtk.storescu(port, AE, List.of("-R", "-xb"), c).assertSuccess(); // kept big endian, not converted
    }

    private static Path instance(String name, String sopInstanceUid, String study, String series, String syntax)
        throws Exception {
        Path file = TestImages.image(sources, name + "-src", sopInstanceUid, 48);
        Dcmtk.run("dcmodify", "-nb", "-m", "StudyInstanceUID=" + study, "-m", "SeriesInstanceUID=" + series,
            file.toString()).assertSuccess();
        if (syntax != null) {
            file = TestImages.convert(file, sources.resolve(name + ".dcm"), "dcmconv", syntax);
        }
        sent.put(sopInstanceUid, file);
        return file;
    }

    @AfterAll
    static void stop() throws Exception {
        for (Process p : new Process[] {storescp, picky}) {
            if (p != null) {
                p.destroy();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        }
        if (server != null) {
            await(server.close());
        }
        if (ours != null) {
            await(ours.close());
        }
        if (blobs != null) {
            await(blobs.close());
        }
        if (database != null) {
            await(database.close());
        }
        if (postgres != null) {
            await(postgres.stop());
        }
        await(vertx.close());
    }

    @BeforeEach
    void clearDestination() throws IOException {
        try (Stream<Path> files = Files.list(destination)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
    }

    // ------------------------------------------------------------------ moves

    @Test
    void studyLevelMovesTheStudyByteIdentical() throws Exception {
        Dcmtk.Result r = movescu("-S", "DEST", "QueryRetrieveLevel=STUDY", "StudyInstanceUID=" + ST1);
        assertFinal(r, "Success");
        assertArrived(A, B, C);
    }

    @Test
    void studyLevelUidList() throws Exception {
        Dcmtk.Result r = movescu("-S", "DEST", "QueryRetrieveLevel=STUDY", "StudyInstanceUID=" + ST1 + "\\" + ST2);
        assertFinal(r, "Success");
        assertArrived(A, B, C, D);
    }

    @Test
    void seriesLevel() throws Exception {
        Dcmtk.Result r = movescu("-S", "DEST", "QueryRetrieveLevel=SERIES", "StudyInstanceUID=" + ST1,
            "SeriesInstanceUID=" + SE12);
        assertFinal(r, "Success");
        assertArrived(C);
    }

    @Test
    void imageLevel() throws Exception {
        Dcmtk.Result r = movescu("-S", "DEST", "QueryRetrieveLevel=IMAGE", "StudyInstanceUID=" + ST1,
            "SeriesInstanceUID=" + SE11, "SOPInstanceUID=" + B);
        assertFinal(r, "Success");
        assertArrived(B);
    }

    @Test
    void patientRootPatientLevel() throws Exception {
        Dcmtk.Result r = movescu("-P", "DEST", "QueryRetrieveLevel=PATIENT", "PatientID=DIMSE-1");
        assertFinal(r, "Success");
        assertArrived(A, B, C, D);
    }

    @Test
    void subOperationsCarryTheMoveOriginator() throws Exception {
        originators.clear();
        Dcmtk.Result r = movescu("-S", "OURS", "QueryRetrieveLevel=SERIES", "StudyInstanceUID=" + ST1,
            "SeriesInstanceUID=" + SE11);
        assertFinal(r, "Success");
        assertEquals(List.of("MOVESCU/1", "MOVESCU/1"), originators, r.output());
        for (String uid : List.of(A, B)) {
            TestImages.assertSameDataset(sent.get(uid), oursDestination.resolve(uid + ".dcm"));
        }
    }

    @Test
    void nothingMatchesIsSuccessWithNothingSent() throws Exception {
        Dcmtk.Result r = movescu("-S", "DEST", "QueryRetrieveLevel=STUDY", "StudyInstanceUID=2.25.404");
        assertFinal(r, "Success");
        assertArrived();
    }

    // ------------------------------------------------------------------ refusals and failures

    @Test
    void unknownDestinationIsA801() throws Exception {
        Dcmtk.Result r = movescu("-S", "NOWHERE", "QueryRetrieveLevel=STUDY", "StudyInstanceUID=" + ST1);
        assertFinal(r, "a801");
        assertArrived();
    }

    @Test
    void missingUniqueKeyIsA900() throws Exception {
        Dcmtk.Result r = movescu("-S", "DEST", "QueryRetrieveLevel=SERIES", "StudyInstanceUID=" + ST1);
        assertFinal(r, "a900");
        Dcmtk.Result wildcard = movescu("-S", "DEST", "QueryRetrieveLevel=STUDY", "StudyInstanceUID=2.25.*");
        assertFinal(wildcard, "a900");
        Dcmtk.Result noPatientLevel = movescu("-S", "DEST", "QueryRetrieveLevel=PATIENT", "PatientID=DIMSE-1");
        assertFinal(noPatientLevel, "a900");
        assertArrived();
    }

    @Test
    void unreachableDestinationFailsEverySubOperation() throws Exception {
        Dcmtk.Result r = movescu("-S", "DOWN", "QueryRetrieveLevel=STUDY", "StudyInstanceUID=" + ST1);
        assertFinal(r, "a702");
        assertTrue(r.output().contains("Number of Failed Suboperations    : 3")
            || r.output().matches("(?s).*Failed Suboperations\\s*:\\s*3.*"), r.output());
        for (String uid : List.of(A, B, C)) {
            assertTrue(r.output().contains(uid), "failed list names " + uid + ": " + r.output());
        }
    }

    @Test
    void refusedContextsFailTheirSubOperationsOnly() throws Exception {
        Dcmtk.Result r = movescu("-S", "PICKY", "QueryRetrieveLevel=STUDY", "StudyInstanceUID=" + ST1);
        assertFinal(r, "b000");
        String tail = r.output().substring(r.output().lastIndexOf("Received Final Move Response"));
        assertTrue(tail.matches("(?s).*Completed Suboperations\\s*:\\s*1\\b.*"), tail);
        assertTrue(tail.matches("(?s).*Failed Suboperations\\s*:\\s*2\\b.*"), tail);
        assertTrue(tail.contains(B) && tail.contains(C) && !tail.contains(A + "\\") && !tail.contains(A + "]"),
            "failed list names B and C only: " + tail);
        try (Stream<Path> files = Files.list(pickyDestination)) {
            List<Path> got = files.toList();
            assertEquals(1, got.size(), got.toString());
            TestImages.assertSameDataset(sent.get(A), got.get(0));
        }
    }

    @Test
    void cancelStopsAfterTheCurrentSubOperation() throws Exception {
        Dcmtk.Result r = movescu(List.of("--cancel", "1"), "-P", "DEST", "QueryRetrieveLevel=PATIENT",
            "PatientID=DIMSE-1");
        assertFinal(r, "fe00");
        assertTrue(received().size() < 4, "stopped early: " + received());
    }

    // ------------------------------------------------------------------ C-GET

    @Test
    void getImageLevelComesBackOnTheSameAssociation() throws Exception {
        Path out = Files.createDirectories(sources.resolve("get-image"));
        Dcmtk.Result r = getscu(out, "QueryRetrieveLevel=IMAGE", "StudyInstanceUID=" + ST1,
            "SeriesInstanceUID=" + SE11, "SOPInstanceUID=" + A);
        assertTrue(r.output().toLowerCase().contains("success"), r.output());
        try (Stream<Path> files = Files.list(out)) {
            List<Path> got = files.toList();
            assertEquals(1, got.size(), got + "\n" + r.output());
            TestImages.assertSameDataset(sent.get(A), got.get(0));
        }
    }

    @Test
    void getStudyLevelFailsWhatTheNegotiatedSyntaxCannotCarry() throws Exception {
        // getscu proposes each storage SOP class once with all uncompressed syntaxes; the archive picks implicit VR
        // little endian, so the explicit little and big endian instances cannot be sent as stored (no transcoding).
        Path out = Files.createDirectories(sources.resolve("get-study"));
        Dcmtk.Result r = getscu(out, "QueryRetrieveLevel=STUDY", "StudyInstanceUID=" + ST1);
        String output = r.output();
        // The final response carries the Failed SOP Instance UID List, which getscu 3.6.7 does not read (its
        // release then reports the P-DATA it left unread); movescu shows the list in the C-MOVE tests.
        assertTrue(output.contains("0xb000"), output);
        assertTrue(output.matches("(?s).*Number of Completed Suboperations\\s*:\\s*1\\b.*"), output);
        assertTrue(output.matches("(?s).*Number of Failed Suboperations\\s*:\\s*2\\b.*"), output);
        try (Stream<Path> files = Files.list(out)) {
            assertEquals(1, files.count(), output);
        }
    }

    static Dcmtk.Result getscu(Path out, String... keys) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("getscu", "-d", "-S", "-aec", AE, "-aet", "GETSCU", "-od",
            out.toString()));
        for (String key : keys) {
            cmd.add("-k");
            cmd.add(key);
        }
        cmd.add("127.0.0.1");
        cmd.add(Integer.toString(port));
        return Dcmtk.run(cmd);
    }

    // ------------------------------------------------------------------ helpers

    static Dcmtk.Result movescu(String model, String destinationAe, String... keys) throws Exception {
        return movescu(List.of(), model, destinationAe, keys);
    }

    static Dcmtk.Result movescu(List<String> options, String model, String destinationAe, String... keys)
        throws Exception {
        List<String> cmd = new ArrayList<>(List.of("movescu", "-d", model, "-aec", AE, "-aet", "MOVESCU", "-aem",
            destinationAe));
        cmd.addAll(options);
        for (String key : keys) {
            cmd.add("-k");
            cmd.add(key);
        }
        cmd.add("127.0.0.1");
        cmd.add(Integer.toString(port));
        return Dcmtk.run(cmd);
    }

    /** The final C-MOVE-RSP's status, as movescu prints it ("Success", or the code in hex). */
    static void assertFinal(Dcmtk.Result r, String status) {
        String out = r.output();
        int last = out.lastIndexOf("Received Final Move Response");
        assertTrue(last >= 0, "no final response: " + out);
        String tail = out.substring(last);
        assertTrue(tail.toLowerCase().contains(status.toLowerCase()), "expected " + status + ": " + out);
    }

    static List<Path> received() throws IOException {
        try (Stream<Path> files = Files.list(destination)) {
            return files.toList();
        }
    }

    /** Exactly these instances arrived, each with the data set bytes it was stored with. */
    static void assertArrived(String... sopInstanceUids) throws IOException {
        List<Path> files = received();
        assertEquals(sopInstanceUids.length, files.size(), "arrived: " + files);
        for (String uid : sopInstanceUids) {
            Optional<Path> got = files.stream().filter(f -> f.getFileName().toString().endsWith(uid)
                || f.getFileName().toString().endsWith(uid + ".dcm")).findFirst();
            assertTrue(got.isPresent(), uid + " not among " + files);
            TestImages.assertSameDataset(sent.get(uid), got.get());
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
