package io.sagitta.server.dimse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sagitta.core.data.Dataset;
import io.sagitta.core.data.Tag;
import io.sagitta.core.data.TransferSyntax;
import io.sagitta.core.data.UID;
import io.sagitta.core.data.VR;
import io.sagitta.core.net.NoLeaks;
import io.sagitta.core.net.channel.Association;
import io.sagitta.core.net.channel.AssociationOptions;
import io.sagitta.core.net.channel.AssociationRequest;
import io.sagitta.core.net.channel.CancellableRequest;
import io.sagitta.core.net.channel.DicomClient;
import io.sagitta.core.net.dimse.DimseCommand;
import io.sagitta.core.net.dimse.Status;
import io.sagitta.core.net.service.FindService;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Our requestor's C-CANCEL against our own server, whose C-FIND service gives one match and then waits until it is
 * cancelled: the outcome does not depend on timing.
 */
@ExtendWith(NoLeaks.class)
class ClientCancelTest {

    static Vertx vertx;
    static DimseServer server;
    static DicomClient client;
    static int port;
    static final AtomicInteger cancelled = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        server = DimseServer.create(vertx, DimseServerOptions.create().port(0).aeTitle("SCP"), null,
            request -> new OneMatchThenWait(request.identifier().getString(Tag.PatientID)));
        port = server.listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        client = DicomClient.create(AssociationOptions.create());
    }

    @AfterAll
    static void stop() throws Exception {
        client.close();
        server.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    /** One match, then a stage that completes (with the end of the matches) only when cancelled. */
    private static final class OneMatchThenWait implements FindService.Matches {
        private final String patientId;
        private final CompletableFuture<Dataset> waiting = new CompletableFuture<>();
        private boolean first = true;

        OneMatchThenWait(String patientId) {
            this.patientId = patientId;
        }

        @Override
        public CompletionStage<Dataset> next() {
            if (first) {
                first = false;
                Dataset match = new Dataset();
                match.setString(Tag.QueryRetrieveLevel, VR.CS, "PATIENT");
                match.setString(Tag.PatientID, VR.LO, patientId);
                return CompletableFuture.completedFuture(match);
            }
            return waiting;
        }

        @Override
        public void cancel() {
            cancelled.incrementAndGet();
            waiting.complete(null);
        }
    }

    static Association connect() throws Exception {
        return client.connect("127.0.0.1", port, AssociationRequest.create("SCP", "CLIENT")
            .propose(UID.PatientRootQueryRetrieveInformationModelFind, TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN.uid()))
            .get(10, TimeUnit.SECONDS);
    }

    static Dataset keys(String patientId) {
        Dataset keys = new Dataset();
        keys.setString(Tag.QueryRetrieveLevel, VR.CS, "PATIENT");
        keys.setString(Tag.PatientID, VR.LO, patientId);
        return keys;
    }

    @Test
    void cancelAfterTheFirstMatchEndsTheFindWithFe00() throws Exception {
        Association a = connect();
        List<String> matches = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> firstMatch = new CompletableFuture<>();
        CancellableRequest<DimseCommand> find = a.find(UID.PatientRootQueryRetrieveInformationModelFind, keys("P1"),
            match -> {
                matches.add(match.getString(Tag.PatientID));
                firstMatch.complete(null);
            });
        firstMatch.get(10, TimeUnit.SECONDS);
        int before = cancelled.get();
        find.cancel();
        DimseCommand done = find.result().get(10, TimeUnit.SECONDS);
        assertEquals(Status.CANCEL, done.status(), done.toString());
        assertEquals(List.of("P1"), matches);
        assertTrue(cancelled.get() > before);
        find.cancel(); // after the end: nothing happens
        a.release().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aQueuedRequestIsDroppedAndAThrowingCallbackCancels() throws Exception {
        Association a = connect();
        // The first find holds after its match until it is cancelled, so the second one is surely still queued.
        CompletableFuture<Void> firstMatch = new CompletableFuture<>();
        CancellableRequest<DimseCommand> first = a.find(UID.PatientRootQueryRetrieveInformationModelFind, keys("P2"),
            match -> firstMatch.complete(null));
        CancellableRequest<DimseCommand> second = a.find(UID.PatientRootQueryRetrieveInformationModelFind, keys("P3"),
            match -> { });
        firstMatch.get(10, TimeUnit.SECONDS);
        second.cancel();
        ExecutionException queued = assertThrows(ExecutionException.class, () -> second.result().get(10, TimeUnit.SECONDS));
        assertInstanceOf(CancellationException.class, queued.getCause());
        first.cancel();
        assertEquals(Status.CANCEL, first.result().get(10, TimeUnit.SECONDS).status());

        // A callback that throws: the request is cancelled and fails with that exception.
        IllegalStateException boom = new IllegalStateException("the callback failed");
        CancellableRequest<DimseCommand> throwing = a.find(UID.PatientRootQueryRetrieveInformationModelFind,
            keys("P4"), match -> {
                throw boom;
            });
        ExecutionException failed = assertThrows(ExecutionException.class,
            () -> throwing.result().get(10, TimeUnit.SECONDS));
        assertSame(boom, failed.getCause());

        // The association goes on.
        CompletableFuture<Void> match = new CompletableFuture<>();
        CancellableRequest<DimseCommand> last = a.find(UID.PatientRootQueryRetrieveInformationModelFind, keys("P5"),
            m -> match.complete(null));
        match.get(10, TimeUnit.SECONDS);
        last.cancel();
        assertEquals(Status.CANCEL, last.result().get(10, TimeUnit.SECONDS).status());
        a.release().get(10, TimeUnit.SECONDS);
    }
}
