package io.sagitta.server.dimse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.sagitta.core.data.Dataset;
import io.sagitta.core.data.ElementDictionary;
import io.sagitta.core.data.Tag;
import io.sagitta.core.data.TransferSyntax;
import io.sagitta.core.data.UID;
import io.sagitta.core.data.VR;
import io.sagitta.core.net.channel.Association;
import io.sagitta.core.net.channel.AssociationOptions;
import io.sagitta.core.net.channel.AssociationRequest;
import io.sagitta.core.net.channel.CancellableRequest;
import io.sagitta.core.net.channel.DicomClient;
import io.sagitta.core.net.channel.RetrieveResult;
import io.sagitta.core.net.dimse.DimseCommand;
import io.sagitta.core.net.dimse.Status;
import io.sagitta.core.net.service.DimseStatus;
import io.sagitta.core.net.service.MoveService;
import io.sagitta.core.net.service.StoreRequest;
import io.sagitta.core.net.service.StoreService;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * dcmtk's movescu and getscu, and our own client ({@link Association#find}, {@link Association#move},
 * {@link Association#get}), against the archive ({@link ArchiveStoreService}, {@link ArchiveRetrieveService} on a real
 * embedded PostgreSQL index and a file blob store), with dcmtk's storescp as the Move Destination: the instances
 * arrive with the data set bytes they were stored with, at every level; unknown and unreachable destinations, bad
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
    /** A destination that holds each sub-operation until the C-CANCEL-RQ has reached the archive. */
    static DimseServer holding;
    static TestPart10Store holdingStore;
    /** Completed when the archive's retrieve service is told to cancel (a C-CANCEL-RQ arrived); new per test. */
    static final AtomicReference<CompletableFuture<Void>> cancelArrived =
        new AtomicReference<>(new CompletableFuture<>());
    static DicomClient client;

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
    @TempDir
    static Path holdingDestination;

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
        holdingStore = new TestPart10Store(holdingDestination);
        holding = DimseServer.create(vertx, DimseServerOptions.create().port(0).aeTitle("HOLD"),
            MoveScpTest::holdUntilCancelled);
        int holdingPort = await(holding.listen());
        client = DicomClient.create(AssociationOptions.create());
        Map<String, PeerAddress> peers = Map.of(
            "HOLD", new PeerAddress("HOLD", "127.0.0.1", holdingPort),
            "OURS", new PeerAddress("OURS", "127.0.0.1", oursPort),
            "DEST", new PeerAddress("DEST", "127.0.0.1", destPort),
            "DOWN", new PeerAddress("DOWN", "127.0.0.1", downPort),
            "PICKY", new PeerAddress("PICKY", "127.0.0.1", pickyPort));
        ArchiveRetrieveService retrieve = ArchiveRetrieveService.create(vertx, store, AE, peers);
        MoveService move = request -> signallingCancel(retrieve.move(request));
        server = DimseServer.create(vertx, DimseServerOptions.create().port(0).aeTitle(AE).eventLoops(2),
            new ArchiveStoreService(store), IndexFindService.create(vertx, index, AE),
            move, retrieve);
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

    /** The archive's C-MOVE sub-operations, reporting when a cancel reaches them. */
    private static MoveService.SubOperations signallingCancel(MoveService.SubOperations subOperations) {
        return new MoveService.SubOperations() {
            @Override
            public CompletionStage<MoveService.Progress> next() {
                return subOperations.next();
            }

            @Override
            public void cancel() {
                cancelArrived.get().complete(null);
                subOperations.cancel();
            }
        };
    }

    /** Stores as {@link TestPart10Store} does, but answers only once a cancel has reached the archive. */
    private static StoreService.StoreReceiver holdUntilCancelled(StoreRequest request) {
        StoreService.StoreReceiver receiver = holdingStore.store(request);
        CompletableFuture<Void> release = cancelArrived.get();
        return new StoreService.StoreReceiver() {
            @Override
            public CompletionStage<?> onData(ByteBuf fragment, boolean last) {
                return receiver.onData(fragment, last);
            }

            @Override
            public CompletionStage<DimseStatus> end() {
                return release.thenCompose(v -> receiver.end());
            }

            @Override
            public void onAbort(Throwable cause) {
                receiver.onAbort(cause);
            }
        };
    }

    @AfterAll
    static void stop() throws Exception {
        if (client != null) {
            client.close();
        }
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
        if (holding != null) {
            await(holding.close());
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
        for (Path dir : List.of(destination, holdingDestination)) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
        }
        cancelArrived.set(new CompletableFuture<>());
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
    void implicitOnlyDestinationGetsTranscodedCopies() throws Exception {
        // PICKY accepts implicit VR little endian only: A goes as stored, B (explicit little endian) and C (explicit
        // big endian) are transcoded on the way; each data set is the original's converted by dcmtk.
        Dcmtk.Result r = movescu("-S", "PICKY", "QueryRetrieveLevel=STUDY", "StudyInstanceUID=" + ST1);
        assertFinal(r, "Success");
        String tail = r.output().substring(r.output().lastIndexOf("Received Final Move Response"));
        assertTrue(tail.matches("(?s).*Completed Suboperations\\s*:\\s*3\\b.*"), tail);
        TestImages.assertSameDataset(sent.get(A), pickyDestination.resolve("SC." + A));
        TestImages.assertSameDataset(converted(B, "+ti"), pickyDestination.resolve("SC." + B));
        TestImages.assertSameDataset(converted(C, "+ti"), pickyDestination.resolve("SC." + C));
    }

    /** What dcmtk makes of an instance we sent, in another transfer syntax ({@code dcmconv} option). */
    static Path converted(String sopInstanceUid, String option) throws Exception {
        return TestImages.convert(sent.get(sopInstanceUid), sources.resolve(sopInstanceUid + option + ".dcm"),
            "dcmconv", option);
    }

    @Test
    void cancelStopsAfterTheCurrentSubOperation() throws Exception {
        int storedBefore = holdingStore.stored.size();
        // movescu cancels after the first pending response (sent once the four instances are found); the
        // destination holds the first sub-operation until that cancel has reached the archive, so exactly one
        // instance is sent and three remain.
        Dcmtk.Result r = movescu(List.of("--cancel", "1"), "-P", "HOLD", "QueryRetrieveLevel=PATIENT",
            "PatientID=DIMSE-1");
        assertFinal(r, "fe00");
        String tail = r.output().substring(r.output().lastIndexOf("Received Final Move Response"));
        assertTrue(tail.matches("(?s).*Remaining Suboperations\\s*:\\s*3\\b.*"), tail);
        assertTrue(tail.matches("(?s).*Completed Suboperations\\s*:\\s*1\\b.*"), tail);
        assertEquals(1, holdingStore.stored.size() - storedBefore, holdingStore.stored.toString());
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
    void getStudyLevelTranscodesWhatTheNegotiatedSyntaxCannotCarry() throws Exception {
        // getscu proposes each storage SOP class once with all uncompressed syntaxes; the archive picks implicit VR
        // little endian, so the explicit little and big endian instances come back transcoded to it.
        Path out = Files.createDirectories(sources.resolve("get-study"));
        Dcmtk.Result r = getscu(out, "QueryRetrieveLevel=STUDY", "StudyInstanceUID=" + ST1);
        String output = r.output();
        assertTrue(output.matches("(?s).*Number of Completed Suboperations\\s*:\\s*3\\b.*"), output);
        assertTrue(output.matches("(?s).*Number of Failed Suboperations\\s*:\\s*0\\b.*"), output);
        TestImages.assertSameDataset(sent.get(A), out.resolve("SC." + A));
        TestImages.assertSameDataset(converted(B, "+ti"), out.resolve("SC." + B));
        TestImages.assertSameDataset(converted(C, "+ti"), out.resolve("SC." + C));
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

    // ------------------------------------------------------------------ our client

    static Association connect(AssociationRequest request) throws Exception {
        return client.connect("127.0.0.1", port, request).get(10, TimeUnit.SECONDS);
    }

    static Dataset keys(String level, Object... tagValues) {
        Dataset keys = new Dataset();
        keys.setString(Tag.QueryRetrieveLevel, VR.CS, level);
        for (int i = 0; i < tagValues.length; i += 2) {
            int tag = (Integer) tagValues[i];
            keys.setString(tag, ElementDictionary.vrOf(tag), (String) tagValues[i + 1]);
        }
        return keys;
    }

    @Test
    void ourClientFindsEachMatchAsItArrives() throws Exception {
        Association a = connect(AssociationRequest.create(AE, "CLIENT")
            .propose(UID.StudyRootQueryRetrieveInformationModelFind, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid()));
        List<String> studies = new java.util.concurrent.CopyOnWriteArrayList<>();
        CancellableRequest<DimseCommand> find = a.find(UID.StudyRootQueryRetrieveInformationModelFind,
            keys("STUDY", Tag.PatientID, "DIMSE-1", Tag.StudyInstanceUID, ""),
            match -> studies.add(match.getString(Tag.StudyInstanceUID)));
        assertEquals(Status.SUCCESS, find.result().get(30, TimeUnit.SECONDS).status());
        assertEquals(java.util.Set.of(ST1, ST2), java.util.Set.copyOf(studies));
        assertEquals(2, studies.size());
        // Nothing matches: success, no match.
        List<Dataset> none = new ArrayList<>();
        assertEquals(Status.SUCCESS, a.find(UID.StudyRootQueryRetrieveInformationModelFind,
            keys("STUDY", Tag.StudyInstanceUID, "2.25.404"), none::add).result().get(30, TimeUnit.SECONDS).status());
        assertEquals(List.of(), none);
        // A refused identifier: its status, the association goes on.
        assertEquals(Status.IDENTIFIER_DOES_NOT_MATCH_SOP_CLASS, a.find(UID.StudyRootQueryRetrieveInformationModelFind,
            keys("NOLEVEL"), none::add).result().get(30, TimeUnit.SECONDS).status());
        a.release().get(10, TimeUnit.SECONDS);
    }

    @Test
    void ourClientMovesAndSeesTheCounts() throws Exception {
        Association a = connect(AssociationRequest.create(AE, "CLIENT")
            .propose(UID.StudyRootQueryRetrieveInformationModelMove, TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN.uid()));
        List<DimseCommand> pending = new java.util.concurrent.CopyOnWriteArrayList<>();
        RetrieveResult r = a.move(UID.StudyRootQueryRetrieveInformationModelMove,
            keys("STUDY", Tag.StudyInstanceUID, ST1), "DEST", pending::add).result().get(60, TimeUnit.SECONDS);
        assertEquals(Status.SUCCESS, r.status(), r.toString());
        assertEquals(3, r.completed());
        assertEquals(0, r.failed());
        assertEquals(List.of(), r.failedSopInstanceUids());
        // One pending response after the instances are found, then one after each sub-operation but the last.
        assertEquals(List.of(3, 2, 1), pending.stream().map(DimseCommand::remainingSubOperations).toList());
        assertArrived(A, B, C);

        // An unreachable destination: A702 and every instance in the failed list.
        RetrieveResult down = a.move(UID.StudyRootQueryRetrieveInformationModelMove,
            keys("STUDY", Tag.StudyInstanceUID, ST1), "DOWN", p -> { }).result().get(60, TimeUnit.SECONDS);
        assertEquals(Status.OUT_OF_RESOURCES_SUB_OPERATIONS, down.status(), down.toString());
        assertEquals(0, down.completed());
        assertEquals(3, down.failed());
        assertEquals(java.util.Set.of(A, B, C), java.util.Set.copyOf(down.failedSopInstanceUids()));

        RetrieveResult unknown = a.move(UID.StudyRootQueryRetrieveInformationModelMove,
            keys("STUDY", Tag.StudyInstanceUID, ST1), "NOWHERE", p -> { }).result().get(60, TimeUnit.SECONDS);
        assertEquals(Status.MOVE_DESTINATION_UNKNOWN, unknown.status());
        a.release().get(10, TimeUnit.SECONDS);
    }

    @Test
    void ourClientCancelsAMoveAfterTheCurrentSubOperation() throws Exception {
        int storedBefore = holdingStore.stored.size();
        Association a = connect(AssociationRequest.create(AE, "CLIENT")
            .propose(UID.PatientRootQueryRetrieveInformationModelMove, TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN.uid()));
        CompletableFuture<DimseCommand> firstPending = new CompletableFuture<>();
        CancellableRequest<RetrieveResult> move = a.move(UID.PatientRootQueryRetrieveInformationModelMove,
            keys("PATIENT", Tag.PatientID, "DIMSE-1"), "HOLD", firstPending::complete);
        // After the first pending response the first sub-operation is under way, held by the destination until
        // the cancel reaches the archive.
        assertEquals(4, firstPending.get(30, TimeUnit.SECONDS).remainingSubOperations());
        move.cancel();
        RetrieveResult r = move.result().get(60, TimeUnit.SECONDS);
        assertEquals(Status.CANCEL, r.status(), r.toString());
        assertEquals(1, r.completed());
        assertEquals(3, r.response().remainingSubOperations());
        assertEquals(1, holdingStore.stored.size() - storedBefore, holdingStore.stored.toString());
        // The association goes on after a cancel.
        RetrieveResult again = a.move(UID.PatientRootQueryRetrieveInformationModelMove,
            keys("PATIENT", Tag.PatientID, "2.25.nobody"), "DEST", p -> { }).result().get(60, TimeUnit.SECONDS);
        assertEquals(Status.SUCCESS, again.status());
        a.release().get(10, TimeUnit.SECONDS);
    }

    @Test
    void ourClientGetsOverItsOwnAssociation() throws Exception {
        Path out = Files.createDirectories(sources.resolve("client-get"));
        TestPart10Store storage = new TestPart10Store(out);
        String ile = TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN.uid();
        String ele = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid();
        Association a = connect(AssociationRequest.create(AE, "CLIENT")
            .propose(UID.StudyRootQueryRetrieveInformationModelGet, ile)
            .propose(TestImages.SECONDARY_CAPTURE, ele)
            .scpRole(TestImages.SECONDARY_CAPTURE));
        List<DimseCommand> pending = new java.util.concurrent.CopyOnWriteArrayList<>();
        RetrieveResult r = a.get(UID.StudyRootQueryRetrieveInformationModelGet,
            keys("SERIES", Tag.StudyInstanceUID, ST1, Tag.SeriesInstanceUID, SE11), storage, pending::add)
            .result().get(60, TimeUnit.SECONDS);
        assertEquals(Status.SUCCESS, r.status(), r.toString());
        assertEquals(2, r.completed());
        assertEquals(List.of(2, 1), pending.stream().map(DimseCommand::remainingSubOperations).toList());
        assertEquals(2, storage.stored.size(), storage.stored.toString());
        // Only explicit VR little endian was offered: B as stored, A transcoded from implicit.
        TestImages.assertSameDataset(converted(A, "+te"), out.resolve(A + ".dcm"));
        TestImages.assertSameDataset(sent.get(B), out.resolve(B + ".dcm"));
        a.release().get(10, TimeUnit.SECONDS);
    }

    @Test
    void ourClientGetWithoutTheScpRoleGetsNothing() throws Exception {
        TestPart10Store storage = new TestPart10Store(Files.createDirectories(sources.resolve("client-get-no-role")));
        String ile = TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN.uid();
        Association a = connect(AssociationRequest.create(AE, "CLIENT")
            .propose(UID.StudyRootQueryRetrieveInformationModelGet, ile)
            .propose(TestImages.SECONDARY_CAPTURE, ile));
        RetrieveResult r = a.get(UID.StudyRootQueryRetrieveInformationModelGet,
            keys("IMAGE", Tag.StudyInstanceUID, ST1, Tag.SeriesInstanceUID, SE11, Tag.SOPInstanceUID, A), storage,
            p -> { }).result().get(60, TimeUnit.SECONDS);
        assertEquals(Status.OUT_OF_RESOURCES_SUB_OPERATIONS, r.status(), r.toString());
        assertEquals(List.of(A), r.failedSopInstanceUids());
        assertEquals(List.of(), storage.stored);
        a.release().get(10, TimeUnit.SECONDS);
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
