package io.sagitta.server.dimse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sagitta.core.data.TransferSyntax;
import io.sagitta.core.net.NoLeaks;
import io.sagitta.core.net.channel.Association;
import io.sagitta.core.net.channel.AssociationOptions;
import io.sagitta.core.net.channel.AssociationRequest;
import io.sagitta.core.net.channel.DicomClient;
import io.sagitta.core.net.dimse.DimseCommand;
import io.sagitta.core.net.dimse.Status;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Our requestor against dcmtk's storescp. */
@ExtendWith(NoLeaks.class)
class ClientTest {

    @TempDir
    Path work;
    @TempDir
    Path out;

    int port;
    Process storescp;
    DicomClient client;

    @BeforeEach
    void start() throws Exception {
        port = Dcmtk.freePort();
        storescp = Dcmtk.startListening(port, "storescp", "-aet", "STORESCP", "+xa", "+B", "-od", out.toString(),
            Integer.toString(port));
        client = DicomClient.create(AssociationOptions.create());
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        storescp.destroy();
        storescp.waitFor(10, TimeUnit.SECONDS);
    }

    @Test
    void echoAgainstStorescp() throws Exception {
        Association a = client.connect("127.0.0.1", port, AssociationRequest.create("STORESCP", "SAGITTA").verification())
            .get(10, TimeUnit.SECONDS);
        assertEquals(Status.SUCCESS, a.echo().get(10, TimeUnit.SECONDS).status());
        assertEquals(Status.SUCCESS, a.echo().get(10, TimeUnit.SECONDS).status());
        a.release().get(10, TimeUnit.SECONDS);
    }

    @Test
    void storeFilesToStorescp() throws Exception {
        Path ile = TestImages.image(work, "ile", "2.25.41", 64);
        Path ele = TestImages.convert(TestImages.image(work, "src", "2.25.42", 64), work.resolve("ele.dcm"), "dcmconv", "+te");
        Path large = TestImages.largeImage(work, "2.25.43", 2048, 2048, 3);
        String ileUid = TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN.uid();
        String eleUid = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid();
        Association a = client.connect("127.0.0.1", port, AssociationRequest.create("STORESCP", "SAGITTA")
                .maxPduLength(16384)
                .propose(TestImages.SECONDARY_CAPTURE, ileUid)
                .propose(TestImages.SECONDARY_CAPTURE, eleUid)
                .propose(TestImages.CT, ileUid))
            .get(10, TimeUnit.SECONDS);
        DimseCommand r1 = a.store(ile).get(30, TimeUnit.SECONDS);
        DimseCommand r2 = a.store(ele).get(30, TimeUnit.SECONDS);
        DimseCommand r3 = a.store(large).get(60, TimeUnit.SECONDS);
        assertEquals(Status.SUCCESS, r1.status(), r1.toString());
        assertEquals(Status.SUCCESS, r2.status(), r2.toString());
        assertEquals(Status.SUCCESS, r3.status(), r3.toString());
        assertEquals("2.25.42", r2.affectedSopInstanceUid());
        // No context for this syntax: refused before anything is sent, the association goes on.
        ExecutionException e = assertThrows(ExecutionException.class, () -> a.store(
            TestImages.convert(ile, work.resolve("ebe.dcm"), "dcmconv", "+tb")).get(10, TimeUnit.SECONDS));
        assertInstanceOf(IllegalStateException.class, e.getCause());
        // No Verification context was proposed either.
        assertInstanceOf(IllegalStateException.class,
            assertThrows(ExecutionException.class, () -> a.echo().get(10, TimeUnit.SECONDS)).getCause());
        a.release().get(10, TimeUnit.SECONDS);

        Path got1 = out.resolve("SC.2.25.41");
        Path got2 = out.resolve("SC.2.25.42");
        Path got3 = out.resolve("CT.2.25.43");
        for (Path p : new Path[] {got1, got2, got3}) {
            Dcmtk.run("dcmdump", "-q", p.toString()).assertSuccess();
        }
        TestImages.assertSameDataset(ile, got1);
        TestImages.assertSameDataset(ele, got2);
        TestImages.assertSameDataset(large, got3);
    }
}
