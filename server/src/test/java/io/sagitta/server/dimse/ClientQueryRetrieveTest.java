package io.sagitta.server.dimse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sagitta.core.data.Dataset;
import io.sagitta.core.data.Tag;
import io.sagitta.core.data.TransferSyntax;
import io.sagitta.core.data.UID;
import io.sagitta.core.data.VR;
import io.sagitta.core.net.NoLeaks;
import io.sagitta.core.net.channel.Association;
import io.sagitta.core.net.channel.AssociationOptions;
import io.sagitta.core.net.channel.AssociationRequest;
import io.sagitta.core.net.channel.DicomClient;
import io.sagitta.core.net.channel.RetrieveResult;
import io.sagitta.core.net.dimse.DimseCommand;
import io.sagitta.core.net.dimse.Status;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our requestor's C-FIND, C-MOVE and C-GET against dcmtk's dcmqrscp, an independent Q/R SCP configured with a
 * small file: matches come back one by one, a move reaches our own storage SCP, a get comes back over the
 * association to a {@link io.sagitta.core.net.service.StoreService}.
 */
@ExtendWith(NoLeaks.class)
class ClientQueryRetrieveTest {

    static final String QR = "QRSCP";
    static final String STUDY = "2.25.1001";
    static final String SERIES = "2.25.1002";
    static final String A = "2.25.8801", B = "2.25.8802";

    static Vertx vertx;
    static Process dcmqrscp;
    static int port;
    static DimseServer destination;
    static TestPart10Store moved;
    static DicomClient client;

    @TempDir
    static Path work;
    @TempDir
    static Path database;
    @TempDir
    static Path movedDir;
    @TempDir
    static Path gotDir;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        moved = new TestPart10Store(movedDir);
        destination = DimseServer.create(vertx, DimseServerOptions.create().port(0).aeTitle("OURS"), moved);
        int destinationPort = destination.listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        port = Dcmtk.freePort();
        // dcmqrscp's configuration: where the move destination is, and one read-write storage area.
        Path config = work.resolve("dcmqrscp.cfg");
        Files.writeString(config, String.join("\n",
            "NetworkTCPPort  = " + port,
            "MaxPDUSize      = 16384",
            "MaxAssociations = 16",
            "HostTable BEGIN",
            "ours = (OURS, 127.0.0.1, " + destinationPort + ")",
            "HostTable END",
            "VendorTable BEGIN",
            "VendorTable END",
            "AETable BEGIN",
            QR + " " + database + " RW (100, 64mb) ANY",
            "AETable END", ""));
        // Forking per association: dcmqrscp 3.6.7 crashes after its first association in --single-process mode.
        dcmqrscp = Dcmtk.startListening(port, "dcmqrscp", "-c", config.toString(),
            Integer.toString(port));
        Path a = TestImages.image(work, "a", A, 32);
        Path b = TestImages.convert(TestImages.image(work, "b-src", B, 32), work.resolve("b.dcm"), "dcmconv", "+te");
        Dcmtk.storescu(port, QR, List.of(), a, b).assertSuccess();
        client = DicomClient.create(AssociationOptions.create());
    }

    @AfterAll
    static void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (dcmqrscp != null) {
            dcmqrscp.destroy();
            dcmqrscp.waitFor(10, TimeUnit.SECONDS);
        }
        if (destination != null) {
            destination.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    static Association connect(String sopClass) throws Exception {
        return client.connect("127.0.0.1", port, AssociationRequest.create(QR, "CLIENT")
            .propose(sopClass, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid(), TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN.uid())
            .propose(TestImages.SECONDARY_CAPTURE, TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN.uid())
            .scpRole(TestImages.SECONDARY_CAPTURE))
            .get(10, TimeUnit.SECONDS);
    }

    static Dataset imageKeys() {
        Dataset keys = new Dataset();
        keys.setString(Tag.QueryRetrieveLevel, VR.CS, "IMAGE");
        keys.setString(Tag.StudyInstanceUID, VR.UI, STUDY);
        keys.setString(Tag.SeriesInstanceUID, VR.UI, SERIES);
        keys.setString(Tag.SOPInstanceUID, VR.UI, "");
        return keys;
    }

    @Test
    void findHandsOverEachMatch() throws Exception {
        Association a = connect(UID.StudyRootQueryRetrieveInformationModelFind);
        List<String> uids = new CopyOnWriteArrayList<>();
        DimseCommand done = a.find(UID.StudyRootQueryRetrieveInformationModelFind, imageKeys(),
            match -> uids.add(match.getString(Tag.SOPInstanceUID))).result().get(30, TimeUnit.SECONDS);
        assertEquals(Status.SUCCESS, done.status(), done.toString());
        assertEquals(Set.of(A, B), Set.copyOf(uids));
        assertEquals(2, uids.size());
        a.release().get(10, TimeUnit.SECONDS);
    }

    @Test
    void moveReachesTheDestination() throws Exception {
        Association a = connect(UID.StudyRootQueryRetrieveInformationModelMove);
        Dataset keys = new Dataset();
        keys.setString(Tag.QueryRetrieveLevel, VR.CS, "STUDY");
        keys.setString(Tag.StudyInstanceUID, VR.UI, STUDY);
        List<DimseCommand> pending = new CopyOnWriteArrayList<>();
        RetrieveResult r = a.move(UID.StudyRootQueryRetrieveInformationModelMove, keys, "OURS", pending::add)
            .result().get(60, TimeUnit.SECONDS);
        assertEquals(Status.SUCCESS, r.status(), r.toString());
        assertEquals(2, r.completed());
        assertEquals(0, r.failed());
        List<String> stored = new ArrayList<>();
        for (Path p : moved.stored) {
            stored.add(p.getFileName().toString());
        }
        assertEquals(Set.of(A + ".dcm", B + ".dcm"), Set.copyOf(stored));
        a.release().get(10, TimeUnit.SECONDS);
    }

    @Test
    void getComesBackOverTheAssociation() throws Exception {
        Association a = connect(UID.StudyRootQueryRetrieveInformationModelGet);
        Dataset keys = imageKeys();
        keys.setString(Tag.SOPInstanceUID, VR.UI, B);
        TestPart10Store got = new TestPart10Store(gotDir);
        RetrieveResult r = a.get(UID.StudyRootQueryRetrieveInformationModelGet, keys, got, p -> { })
            .result().get(60, TimeUnit.SECONDS);
        assertEquals(Status.SUCCESS, r.status(), r.toString());
        assertEquals(1, r.completed());
        assertEquals(List.of(gotDir.resolve(B + ".dcm")), got.stored);
        // dcmqrscp sends what it stored (explicit little endian) converted to the one syntax we offered.
        TestImages.assertSameDataset(TestImages.convert(work.resolve("b.dcm"), work.resolve("b-ile.dcm"), "dcmconv",
            "+ti"), gotDir.resolve(B + ".dcm"));
        a.release().get(10, TimeUnit.SECONDS);
    }
}
