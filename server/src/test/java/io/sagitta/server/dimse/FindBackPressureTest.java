package io.sagitta.server.dimse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.sagitta.core.data.Dataset;
import io.sagitta.core.data.Tag;
import io.sagitta.core.data.TransferSyntax;
import io.sagitta.core.data.UID;
import io.sagitta.core.data.VR;
import io.sagitta.core.io.DatasetWriter;
import io.sagitta.core.net.NoLeaks;
import io.sagitta.core.net.channel.AssociationRequest;
import io.sagitta.core.net.dimse.DimseCommand;
import io.sagitta.core.net.dimse.Status;
import io.sagitta.core.net.pdu.AAssociateAc;
import io.sagitta.core.net.pdu.AReleaseRp;
import io.sagitta.core.net.pdu.AReleaseRq;
import io.sagitta.core.net.pdu.PDataFragmenter;
import io.sagitta.core.net.pdu.PDataTf;
import io.sagitta.core.net.pdu.Pdu;
import io.sagitta.core.net.pdu.PduDecoder;
import io.sagitta.core.net.pdu.PduEncoder;
import io.sagitta.core.net.pdu.Pdv;
import io.sagitta.core.net.service.FindService;
import io.vertx.core.Vertx;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A peer that stops reading while an endless C-FIND answers: the server stops asking for matches once the
 * socket is full, instead of queueing them; a C-CANCEL still gets through, and the final FE00 follows the
 * pending responses already written. A peer that reads nothing for the idle timeout is aborted, and its
 * C-FIND cancelled (in the archive that frees its database connection), though the C-FIND is in progress.
 */
@ExtendWith(NoLeaks.class)
class FindBackPressureTest {

    static final String AE = "SAGITTA";
    static final String STUDY_ROOT = UID.StudyRootQueryRetrieveInformationModelFind;
    static final TransferSyntax TS = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
    static final AtomicInteger asked = new AtomicInteger();
    static final AtomicInteger cancelled = new AtomicInteger();
    static Vertx vertx;
    static DimseServer server;
    static int port;

    /** Endless matches of about 8 KiB each. */
    static final class Endless implements FindService.Matches {
        @Override
        public CompletionStage<Dataset> next() {
            Dataset d = new Dataset();
            d.setString(Tag.QueryRetrieveLevel, VR.CS, "STUDY");
            d.setString(Tag.StudyInstanceUID, VR.UI, "2.25." + asked.incrementAndGet());
            d.setString(Tag.PatientComments, VR.LT, "x".repeat(8192));
            return CompletableFuture.completedFuture(d);
        }

        @Override
        public void cancel() {
            cancelled.incrementAndGet();
        }
    }

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        server = DimseServer.create(vertx, DimseServerOptions.create().port(0).aeTitle(AE), null, request -> new Endless());
        port = server.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aPeerThatDoesNotReadHoldsTheMatchesBack() throws Exception {
        int cancelledBefore = cancelled.get();
        int askedBefore = asked.get();
        try (Socket s = new Socket()) {
            startEndlessFind(s, port, "SLOW");
            OutputStream out = s.getOutputStream();
            DataInputStream in = new DataInputStream(s.getInputStream());

            // Not reading: the server fills the socket buffers, then stops asking.
            int settled = waitUntilSettled() - askedBefore;
            assertTrue(settled > 0 && settled < 2000, "matches asked for while the peer read nothing: " + settled);

            sendMessage(out, DimseCommand.cCancelRq(1), null);
            int pending = 0;
            while (true) {
                DimseCommand rsp = readCommand(in);
                if (rsp.status() == Status.PENDING) {
                    pending++;
                    continue;
                }
                assertEquals(Status.CANCEL, rsp.status(), rsp.toString());
                break;
            }
            assertTrue(pending <= asked.get() - askedBefore, pending + " pending responses, " + asked.get() + " matches");
            assertEquals(cancelledBefore + 1, cancelled.get());
            out.write(encode(AReleaseRq.INSTANCE));
            assertEquals(AReleaseRp.INSTANCE, readPdu(in));
        }
    }

    @Test
    void aPeerThatReadsNothingForTheIdleTimeoutIsAbortedAndItsFindCancelled() throws Exception {
        DimseServer strict = DimseServer.create(vertx, DimseServerOptions.create().port(0).aeTitle(AE)
            .idleTimeout(Duration.ofSeconds(1)).artimTimeout(Duration.ofSeconds(1)), null, request -> new Endless());
        int strictPort = strict.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        int cancelledBefore = cancelled.get();
        try (Socket s = new Socket()) {
            startEndlessFind(s, strictPort, "STALLED");
            DataInputStream in = new DataInputStream(s.getInputStream());

            // Reading nothing: after the idle timeout the association is aborted; its A-ABORT cannot be sent either,
            // so the connection closes when ARTIM expires, and that cancels the C-FIND.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (cancelled.get() == cancelledBefore && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(cancelledBefore + 1, cancelled.get(), "the stalled C-FIND was not cancelled");
            // What was written before the abort is still there to read; then the connection ends.
            byte[] rest = new byte[64 * 1024];
            try {
                while (in.read(rest) >= 0) {
                    // drain
                }
            } catch (java.net.SocketException reset) {
                // closed by the abort
            }
        } finally {
            strict.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    /**
     * Associates over {@code s} (a 64 KiB receive window) as {@code callingAe} and asks a study-level C-FIND, whose
     * matches never end; reads nothing of the answer.
     */
    private static void startEndlessFind(Socket s, int serverPort, String callingAe) throws IOException {
        s.setReceiveBufferSize(64 * 1024);
        s.setSoTimeout(20_000);
        s.connect(new InetSocketAddress("127.0.0.1", serverPort));
        OutputStream out = s.getOutputStream();
        out.write(encode(AssociationRequest.create(AE, callingAe).propose(STUDY_ROOT, TS.uid()).toPdu()));
        assertInstanceOf(AAssociateAc.class, readPdu(new DataInputStream(s.getInputStream())));
        Dataset identifier = new Dataset();
        identifier.setString(Tag.QueryRetrieveLevel, VR.CS, "STUDY");
        identifier.setBytes(Tag.StudyInstanceUID, VR.UI, null);
        sendMessage(out, DimseCommand.cFindRq(1, STUDY_ROOT, 0), DatasetWriter.create(TS).toBytes(identifier));
    }

    private static int waitUntilSettled() throws InterruptedException {
        int last = -1;
        for (int i = 0; i < 50; i++) {
            Thread.sleep(200);
            int now = asked.get();
            if (now == last && now > 0) {
                return now;
            }
            last = now;
        }
        return asked.get();
    }

    private static void sendMessage(OutputStream out, DimseCommand command, byte[] dataset) throws IOException {
        PDataFragmenter fragmenter = new PDataFragmenter(16 * 1024);
        ByteBuf encoded = command.encode(ByteBufAllocator.DEFAULT);
        try {
            for (PDataTf pdu : fragmenter.fragment(1, true, encoded, true)) {
                writePData(out, pdu);
            }
        } finally {
            encoded.release();
        }
        if (dataset != null) {
            for (PDataTf pdu : fragmenter.fragment(1, false, Unpooled.wrappedBuffer(dataset), true)) {
                writePData(out, pdu);
            }
        }
    }

    private static void writePData(OutputStream out, PDataTf pdu) throws IOException {
        try {
            out.write(encode(pdu));
        } finally {
            pdu.release();
        }
    }

    /** The next command set, skipping data set fragments. */
    private static DimseCommand readCommand(DataInputStream in) throws IOException {
        ByteBuf command = Unpooled.buffer();
        try {
            while (true) {
                PDataTf pdu = assertInstanceOf(PDataTf.class, readPdu(in));
                try {
                    for (Pdv pdv : pdu.pdvs()) {
                        if (pdv.command()) {
                            command.writeBytes(pdv.data());
                            if (pdv.last()) {
                                return DimseCommand.decode(command);
                            }
                        }
                    }
                } finally {
                    pdu.release();
                }
            }
        } finally {
            command.release();
        }
    }

    private static byte[] encode(Pdu pdu) {
        ByteBuf b = PduEncoder.encode(pdu, ByteBufAllocator.DEFAULT);
        try {
            return ByteBufUtil.getBytes(b);
        } finally {
            b.release();
        }
    }

    private static Pdu readPdu(DataInputStream in) throws IOException {
        byte[] header = new byte[6];
        in.readFully(header);
        int length = ((header[2] & 0xFF) << 24) | ((header[3] & 0xFF) << 16) | ((header[4] & 0xFF) << 8) | (header[5] & 0xFF);
        byte[] body = new byte[length];
        in.readFully(body);
        ByteBuf b = Unpooled.wrappedBuffer(header, body);
        try {
            return new PduDecoder().decode(b);
        } finally {
            b.release();
        }
    }
}
