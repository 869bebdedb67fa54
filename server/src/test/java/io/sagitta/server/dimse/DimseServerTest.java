package io.sagitta.server.dimse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sagitta.core.net.NoLeaks;
import io.sagitta.core.net.channel.Association;
import io.sagitta.core.net.channel.AssociationOptions;
import io.sagitta.core.net.channel.AssociationRejectedException;
import io.sagitta.core.net.channel.AssociationRequest;
import io.sagitta.core.net.channel.DicomClient;
import io.sagitta.core.net.dimse.Status;
import io.sagitta.core.net.pdu.AAssociateRj;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** dcmtk's echoscu and storescu against the DIMSE server on Vert.x, with the test Part 10 store behind it. */
@ExtendWith(NoLeaks.class)
class DimseServerTest {

    static final String AE = "SAGITTA";
    static Vertx vertx;
    static DimseServer server;
    static TestPart10Store store;
    static int port;

    @TempDir
    static Path received;
    @TempDir
    Path work;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        store = new TestPart10Store(received);
        server = DimseServer.create(vertx, DimseServerOptions.create().port(0).aeTitle(AE).eventLoops(2)
            .maxPduLength(16 * 1024), store);
        port = server.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @BeforeEach
    void clear() {
        store.stored.clear();
        store.maxInFlight.set(0);
    }

    @Test
    void echoscuSucceeds() throws Exception {
        Dcmtk.echoscu(port, AE).assertSuccess();
    }

    @Test
    void echoscuWithWrongCalledAeIsRejected() throws Exception {
        Dcmtk.Result r = Dcmtk.echoscu(port, "NOT-SAGITTA");
        assertNotEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("Called AE Title Not Recognized"), r.output());
    }

    @Test
    void storescuImplicitLittleEndian() throws Exception {
        Path file = TestImages.image(work, "ile", "2.25.11", 64);
        Dcmtk.storescu(port, AE, List.of("-R"), file).assertSuccess();
        TestImages.assertSameDataset(file, received.resolve("2.25.11.dcm"));
        Dcmtk.run("dcmdump", received.resolve("2.25.11.dcm").toString()).assertSuccess();
    }

    @Test
    void storescuExplicitLittleEndian() throws Exception {
        Path file = TestImages.convert(TestImages.image(work, "src", "2.25.12", 64), work.resolve("ele.dcm"), "dcmconv", "+te");
        Dcmtk.storescu(port, AE, List.of("-R", "-xe"), file).assertSuccess();
        assertStoredAs(file, "2.25.12", "1.2.840.10008.1.2.1");
    }

    @Test
    void storescuExplicitBigEndian() throws Exception {
        Path file = TestImages.convert(TestImages.image(work, "src", "2.25.13", 64), work.resolve("ebe.dcm"), "dcmconv", "+tb");
        Dcmtk.storescu(port, AE, List.of("-R", "-xb"), file).assertSuccess();
        assertStoredAs(file, "2.25.13", "1.2.840.10008.1.2.2");
    }

    @Test
    void storescuDeflated() throws Exception {
        Path file = TestImages.convert(TestImages.image(work, "src", "2.25.14", 64), work.resolve("def.dcm"), "dcmconv", "+td");
        Dcmtk.storescu(port, AE, List.of("-R", "-xd"), file).assertSuccess();
        Path got = received.resolve("2.25.14.dcm");
        assertTrue(Files.readString(got, java.nio.charset.StandardCharsets.ISO_8859_1).contains("1.2.840.10008.1.2.1.99"));
        // storescu re-deflates what it read: the streams may differ, the data sets may not.
        TestImages.assertSameInflatedDataset(file, got);
        Dcmtk.run("dcmdump", got.toString()).assertSuccess();
    }

    @Test
    void storescuRle() throws Exception {
        Path file = TestImages.convert(TestImages.image(work, "src", "2.25.15", 64), work.resolve("rle.dcm"), "dcmcrle");
        Dcmtk.storescu(port, AE, List.of("-R", "-xr"), file).assertSuccess();
        assertStoredAs(file, "2.25.15", "1.2.840.10008.1.2.5");
    }

    @Test
    void storescuJpegBaseline() throws Exception {
        Path file = TestImages.convert(TestImages.image(work, "src", "2.25.16", 64), work.resolve("jpeg.dcm"), "dcmcjpeg", "+eb", "+un");
        Dcmtk.storescu(port, AE, List.of("-R", "-xy"), file).assertSuccess();
        assertStoredAs(file, "2.25.16", "1.2.840.10008.1.2.4.50");
    }

    @Test
    void severalFilesOnOneAssociation() throws Exception {
        Path a = TestImages.image(work, "a", "2.25.21", 32);
        Path b = TestImages.image(work, "b", "2.25.22", 48);
        Path c = TestImages.convert(TestImages.image(work, "c0", "2.25.23", 40), work.resolve("c.dcm"), "dcmconv", "+te");
        Dcmtk.Result r = Dcmtk.storescu(port, AE, List.of("-R", "-v"), a, b, c).assertSuccess();
        assertEquals(1, r.output().split("Requesting Association", -1).length - 1, r.output());
        TestImages.assertSameDataset(a, received.resolve("2.25.21.dcm"));
        TestImages.assertSameDataset(b, received.resolve("2.25.22.dcm"));
        TestImages.assertSameDataset(c, received.resolve("2.25.23.dcm"));
    }

    @Test
    void largeInstanceStreamsThrough() throws Exception {
        Path file = TestImages.largeImage(work, "2.25.31", 4096, 4096, 3); // 48 MiB of pixel data
        Dcmtk.storescu(port, AE, List.of("-R", "-xi"), file).assertSuccess();
        TestImages.assertSameDataset(file, received.resolve("2.25.31.dcm"));
        // The handler held at most one PDV at a time: never more than the maximum PDU we advertise.
        assertTrue(store.maxInFlight.get() <= 16 * 1024, "held " + store.maxInFlight.get() + " bytes at once");
        assertTrue(store.largestFragment.get() <= 16 * 1024);
    }

    @Test
    void associationLimitRejectsTransientLocalLimit() throws Exception {
        Vertx v = Vertx.vertx();
        DimseServer limited = DimseServer.create(v, DimseServerOptions.create().port(0).aeTitle(AE).maxAssociations(2), null);
        int limitedPort = limited.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        try (DicomClient client = DicomClient.create(AssociationOptions.create())) {
            AssociationRequest rq = AssociationRequest.create(AE, "CLIENT").verification();
            Association first = client.connect("127.0.0.1", limitedPort, rq).get(10, TimeUnit.SECONDS);
            Association second = client.connect("127.0.0.1", limitedPort, rq).get(10, TimeUnit.SECONDS);
            ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> client.connect("127.0.0.1", limitedPort, rq).get(10, TimeUnit.SECONDS));
            AAssociateRj rj = assertInstanceOf(AssociationRejectedException.class, e.getCause()).reject();
            assertEquals(new AAssociateRj(AAssociateRj.RESULT_REJECTED_TRANSIENT,
                AAssociateRj.SOURCE_SERVICE_PROVIDER_PRESENTATION, AAssociateRj.PRESENTATION_LOCAL_LIMIT_EXCEEDED), rj);
            assertEquals(Status.SUCCESS, first.echo().get(10, TimeUnit.SECONDS).status());
            first.release().get(10, TimeUnit.SECONDS);
            second.release().get(10, TimeUnit.SECONDS);
            // The slots are free again.
            Dcmtk.echoscu(limitedPort, AE).assertSuccess();
            Association third = client.connect("127.0.0.1", limitedPort, rq).get(10, TimeUnit.SECONDS);
            third.release().get(10, TimeUnit.SECONDS);
        } finally {
            limited.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            v.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    private static void assertStoredAs(Path sent, String sopInstanceUid, String transferSyntax) throws Exception {
        Path got = received.resolve(sopInstanceUid + ".dcm");
        TestImages.assertSameDataset(sent, got);
        Dcmtk.run("dcmdump", got.toString()).assertSuccess();
        byte[] meta = java.util.Arrays.copyOf(Files.readAllBytes(got), (int) TestImages.datasetOffset(got));
        assertTrue(new String(meta, java.nio.charset.StandardCharsets.ISO_8859_1).contains(transferSyntax + "\0")
            || new String(meta, java.nio.charset.StandardCharsets.ISO_8859_1).contains(transferSyntax), "File Meta names " + transferSyntax);
    }

    static Duration seconds(int n) {
        return Duration.ofSeconds(n);
    }
}
