package io.sagitta.server.dimse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.buffer.ByteBuf;
import io.sagitta.core.data.Dataset;
import io.sagitta.core.data.Tag;
import io.sagitta.core.data.TransferSyntax;
import io.sagitta.core.data.UID;
import io.sagitta.core.data.VR;
import io.sagitta.core.io.Part10Writer;
import io.sagitta.core.net.channel.Association;
import io.sagitta.core.net.channel.AssociationOptions;
import io.sagitta.core.net.channel.AssociationRequest;
import io.sagitta.core.net.channel.DicomClient;
import io.sagitta.core.net.channel.RetrieveResult;
import io.sagitta.core.net.dimse.DimseCommand;
import io.sagitta.core.net.dimse.Status;
import io.sagitta.core.net.service.DimseStatus;
import io.sagitta.core.net.service.StoreService;
import io.sagitta.server.Archive;
import io.sagitta.server.config.SagittaConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.blockhound.BlockHound;

/**
 * The whole archive (embedded PostgreSQL, file blobs, DIMSE and HTTP) under BlockHound: store, find, move and get,
 * by dcmtk's tools and by our own client, then STOW-RS and WADO-RS frames, and not one blocking call on an event-loop
 * thread. Runs only in the
 * surefire execution {@code event-loop-blocking} (a fork of its own, with the flag the agent needs).
 */
class EventLoopBlockingTest {

    static final String AE = "SAGITTA";
    static final String STUDY = "2.25.1001";
    static final String SERIES = "2.25.1002";
    static final SagittaBlockHoundIntegration HOUND = new SagittaBlockHoundIntegration();

    static Archive archive;
    static Process storescp;
    static int port;

    @TempDir
    static Path data;
    @TempDir
    static Path work;
    @TempDir
    static Path destination;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Boolean.getBoolean("sagitta.blockhound"), "runs in the event-loop-blocking execution only");
        BlockHound.install(HOUND);
        int destPort = Dcmtk.freePort();
        storescp = Dcmtk.startListening(destPort, "storescp", "-aet", "DEST", "+xa", "-od", destination.toString(),
            Integer.toString(destPort));
        SagittaConfig config = SagittaConfig.load(null, Map.of(
            "SAGITTA_DATA_DIR", data.toString(),
            "SAGITTA_DICOM_PORT", "0",
            "SAGITTA_HTTP_PORT", "0",
            "SAGITTA_DICOM_PEERS", "DEST=127.0.0.1:" + destPort));
        archive = Archive.start(config).toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
        port = archive.dimsePort();
    }

    @AfterAll
    static void stop() throws Exception {
        if (archive != null) {
            archive.stop().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        }
        if (storescp != null) {
            storescp.destroy();
            storescp.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void storeFindMoveGetNeverBlockAnEventLoop() throws Exception {
        Path implicit = TestImages.image(work, "a", STUDY + ".1", 64);
        Path explicit = TestImages.convert(TestImages.image(work, "b-src", STUDY + ".2", 64), work.resolve("b.dcm"),
            "dcmconv", "+te");
        Path large = TestImages.largeImage(work, STUDY + ".3", 1024, 1024, 2);

        // C-STORE from dcmtk (several associations) and from our client.
        Dcmtk.storescu(port, AE, List.of(), implicit).assertSuccess();
        Dcmtk.storescu(port, AE, List.of(), explicit).assertSuccess();
        try (DicomClient client = DicomClient.create(AssociationOptions.create())) {
            Association a = client.connect("127.0.0.1", port, AssociationRequest.create(AE, "CLIENT")
                    .propose(TestImages.CT, TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN.uid())
                    .propose(UID.StudyRootQueryRetrieveInformationModelFind, TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN.uid())
                    .propose(UID.StudyRootQueryRetrieveInformationModelMove, TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN.uid())
                    .propose(UID.StudyRootQueryRetrieveInformationModelGet, TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN.uid())
                    .propose(TestImages.SECONDARY_CAPTURE, TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN.uid())
                    .propose(TestImages.SECONDARY_CAPTURE, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid())
                    .scpRole(TestImages.SECONDARY_CAPTURE))
                .get(30, TimeUnit.SECONDS);
            assertEquals(Status.SUCCESS, a.store(large).get(60, TimeUnit.SECONDS).status());

            // C-FIND, C-MOVE and C-GET from our client.
            List<Dataset> matches = new ArrayList<>();
            Dataset keys = new Dataset();
            keys.setString(Tag.QueryRetrieveLevel, VR.CS, "IMAGE");
            keys.setString(Tag.StudyInstanceUID, VR.UI, STUDY);
            keys.setString(Tag.SeriesInstanceUID, VR.UI, SERIES);
            keys.setString(Tag.SOPInstanceUID, VR.UI, "");
            assertEquals(Status.SUCCESS, a.find(UID.StudyRootQueryRetrieveInformationModelFind, keys, matches::add)
                .result().get(30, TimeUnit.SECONDS).status());
            assertEquals(3, matches.size());

            Dataset study = new Dataset();
            study.setString(Tag.QueryRetrieveLevel, VR.CS, "STUDY");
            study.setString(Tag.StudyInstanceUID, VR.UI, STUDY);
            RetrieveResult moved = a.move(UID.StudyRootQueryRetrieveInformationModelMove, study, "DEST", p -> { })
                .result().get(60, TimeUnit.SECONDS);
            assertEquals(Status.SUCCESS, moved.status(), moved.toString());
            assertEquals(3, moved.completed());

            Dataset series = new Dataset();
            series.setString(Tag.QueryRetrieveLevel, VR.CS, "SERIES");
            series.setString(Tag.StudyInstanceUID, VR.UI, STUDY);
            series.setString(Tag.SeriesInstanceUID, VR.UI, SERIES);
            CountingStore counting = new CountingStore();
            RetrieveResult got = a.get(UID.StudyRootQueryRetrieveInformationModelGet, series, counting, p -> { })
                .result().get(60, TimeUnit.SECONDS);
            // The two secondary captures come back; the CT has no context with our SCP role here.
            assertEquals(2, got.completed(), got.toString());
            assertEquals(2, counting.stored.get());
            a.release().get(30, TimeUnit.SECONDS);
        }

        // C-FIND, C-MOVE and C-GET from dcmtk.
        Dcmtk.Result find = Dcmtk.run("findscu", "-v", "-S", "-aec", AE, "-k", "QueryRetrieveLevel=STUDY",
            "-k", "StudyInstanceUID", "-k", "PatientName", "127.0.0.1", Integer.toString(port)).assertSuccess();
        assertTrue(find.output().contains(STUDY), find.output());
        Dcmtk.run("movescu", "-S", "-aec", AE, "-aem", "DEST", "-k", "QueryRetrieveLevel=STUDY",
            "-k", "StudyInstanceUID=" + STUDY, "127.0.0.1", Integer.toString(port)).assertSuccess();
        Path got = Files.createDirectories(work.resolve("getscu"));
        Dcmtk.run("getscu", "-S", "-aec", AE, "-od", got.toString(), "-k", "QueryRetrieveLevel=STUDY",
            "-k", "StudyInstanceUID=" + STUDY, "127.0.0.1", Integer.toString(port));
        try (Stream<Path> files = Files.list(got)) {
            assertTrue(files.findAny().isPresent(), "getscu received nothing");
        }

        // WADO-RS frames of the large image (1 MiB each): read whole, in two batches, and as a single part.
        HttpClient http = HttpClient.newHttpClient();
        String frames = "http://127.0.0.1:" + archive.httpPort() + "/dicom-web/studies/" + STUDY + "/series/" + SERIES
            + "/instances/" + STUDY + ".3/frames/";
        HttpResponse<byte[]> multipart = http.send(HttpRequest.newBuilder(URI.create(frames + "1,2,1,2,1"))
            .header("Accept", "multipart/related; type=\"application/octet-stream\"; transfer-syntax=*").build(),
            HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, multipart.statusCode(), () -> new String(multipart.body(), StandardCharsets.UTF_8));
        assertTrue(multipart.body().length > 5 * 1024 * 1024, "five frames of 1 MiB");
        HttpResponse<byte[]> single = http.send(HttpRequest.newBuilder(URI.create(frames + "2"))
            .header("Accept", "application/octet-stream").build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, single.statusCode());
        assertEquals(1024 * 1024, single.body().length);

        assertEquals(List.of(), HOUND.violations, "blocking calls on event loops:\n" + String.join("\n", HOUND.violations));
    }

    /** STOW-RS of more parts than the archive finishes at once, into a study of its own (the test above counts its study). */
    @Test
    void stowNeverBlocksAnEventLoop() throws Exception {
        String boundary = "blockhound-stow";
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        int parts = 40;
        for (int i = 1; i <= parts; i++) {
            Dataset ds = new Dataset();
            ds.setString(Tag.SOPClassUID, VR.UI, TestImages.SECONDARY_CAPTURE);
            ds.setString(Tag.SOPInstanceUID, VR.UI, "2.25.2001.1." + i);
            ds.setString(Tag.StudyInstanceUID, VR.UI, "2.25.2001");
            ds.setString(Tag.SeriesInstanceUID, VR.UI, "2.25.2001.1");
            ds.setString(Tag.PatientID, VR.LO, "STOW-1");
            ds.setString(Tag.Modality, VR.CS, "OT");
            ds.setBytes(Tag.PixelData, VR.OB, new byte[4096]);
            body.writeBytes(("--" + boundary + "\r\nContent-Type: application/dicom\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            body.writeBytes(Part10Writer.create().toBytes(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN));
            body.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + archive.httpPort() + "/dicom-web/studies"))
            .header("Content-Type", "multipart/related; type=\"application/dicom\"; boundary=" + boundary)
            .header("Accept", "application/dicom+json")
            .timeout(Duration.ofSeconds(60))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        assertEquals(parts, response.body().split("\"00081155\"", -1).length - 1, response.body());

        assertEquals(List.of(), HOUND.violations, "blocking calls on event loops:\n" + String.join("\n", HOUND.violations));
    }

    /** Our client's C-GET storage: counts the instances and drops their bytes (nothing to block on). */
    private static final class CountingStore implements StoreService {
        final AtomicInteger stored = new AtomicInteger();

        @Override
        public StoreReceiver store(io.sagitta.core.net.service.StoreRequest request) {
            return new StoreReceiver() {
                @Override
                public CompletionStage<?> onData(ByteBuf fragment, boolean last) {
                    fragment.release();
                    return CompletableFuture.completedFuture(null);
                }

                @Override
                public CompletionStage<DimseStatus> end() {
                    stored.incrementAndGet();
                    return CompletableFuture.completedFuture(DimseStatus.SUCCESS);
                }
            };
        }
    }
}
