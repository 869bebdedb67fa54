package io.sagitta.server.dimse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.sagitta.core.net.NoLeaks;
import io.sagitta.core.net.channel.AssociationRequest;
import io.sagitta.core.net.pdu.AAbort;
import io.sagitta.core.net.pdu.AAssociateAc;
import io.sagitta.core.net.pdu.AReleaseRp;
import io.sagitta.core.net.pdu.AReleaseRq;
import io.sagitta.core.net.pdu.Pdu;
import io.sagitta.core.net.pdu.PduDecoder;
import io.sagitta.core.net.pdu.PduEncoder;
import io.vertx.core.Vertx;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bytes no conformant peer sends, over a raw socket: the server answers with the right A-ABORT, closes, and
 * goes on serving a fresh echoscu.
 */
@ExtendWith(NoLeaks.class)
class HostileInputTest {

    static final String AE = "SAGITTA";
    static Vertx vertx;
    static DimseServer server;
    static TestPart10Store store;
    static int port;

    @TempDir
    static Path received;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        store = new TestPart10Store(received);
        server = DimseServer.create(vertx, DimseServerOptions.create().port(0).aeTitle(AE)
            .artimTimeout(Duration.ofSeconds(2)), store);
        port = server.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stillServing() throws Exception {
        Dcmtk.echoscu(port, AE).assertSuccess();
        // Give the server a moment to see the last close: no association may stay counted.
        for (int i = 0; i < 50 && server.limiter().active() > 0; i++) {
            Thread.sleep(20);
        }
        assertEquals(0, server.limiter().active());
    }

    @Test
    void truncatedPduThenClose() throws Exception {
        try (Socket s = connect()) {
            // An A-ASSOCIATE-RQ header announcing 200 bytes, and 10 of them.
            s.getOutputStream().write(hex("010000 0000c8 0001 0000 4141414141414141"));
            s.getOutputStream().flush();
        }
    }

    @Test
    void unknownPduTypeIsAbortedUnrecognizedPdu() throws Exception {
        try (Socket s = connect()) {
            s.getOutputStream().write(hex("090000000004 00000000"));
            assertEquals(new AAbort(AAbort.SOURCE_SERVICE_PROVIDER, AAbort.UNRECOGNIZED_PDU), readPdu(s));
            assertClosedByServer(s);
        }
    }

    @Test
    void absurdLengthIsAbortedWithoutWaitingForTheBody() throws Exception {
        try (Socket s = connect()) {
            s.getOutputStream().write(hex("0400fffffff0 00000004"));
            assertEquals(new AAbort(AAbort.SOURCE_SERVICE_PROVIDER, AAbort.INVALID_PDU_PARAMETER_VALUE), readPdu(s));
            assertClosedByServer(s);
        }
    }

    @Test
    void pDataBeforeAssociationIsAbortedUnexpectedPdu() throws Exception {
        try (Socket s = connect()) {
            s.getOutputStream().write(hex("040000000008 00000004 0103 0000"));
            assertEquals(new AAbort(AAbort.SOURCE_SERVICE_PROVIDER, AAbort.UNEXPECTED_PDU), readPdu(s));
            assertClosedByServer(s);
        }
    }

    @Test
    void garbageAfterReleaseIsAborted() throws Exception {
        try (Socket s = connect()) {
            OutputStream out = s.getOutputStream();
            out.write(encode(AssociationRequest.create(AE, "HOSTILE").verification().toPdu()));
            assertInstanceOf(AAssociateAc.class, readPdu(s));
            out.write(encode(AReleaseRq.INSTANCE));
            assertEquals(AReleaseRp.INSTANCE, readPdu(s));
            out.write(hex("ff00000000020000"));
            assertEquals(new AAbort(AAbort.SOURCE_SERVICE_PROVIDER, AAbort.UNRECOGNIZED_PDU), readPdu(s));
            assertClosedByServer(s);
        }
    }

    @Test
    void brokenCommandSetIsAborted() throws Exception {
        try (Socket s = connect()) {
            OutputStream out = s.getOutputStream();
            out.write(encode(AssociationRequest.create(AE, "HOSTILE").verification().toPdu()));
            assertInstanceOf(AAssociateAc.class, readPdu(s));
            // A last command fragment that is not a command set.
            out.write(hex("04000000000c 00000008 0103 0800 0000 ffff"));
            Pdu answer = readPdu(s);
            assertEquals(AAbort.byUser(), answer);
            assertClosedByServer(s);
        }
    }

    private static Socket connect() throws IOException {
        Socket s = new Socket("127.0.0.1", port);
        s.setSoTimeout(10_000);
        return s;
    }

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    private static byte[] encode(Pdu pdu) {
        ByteBuf b = PduEncoder.encode(pdu, ByteBufAllocator.DEFAULT);
        try {
            return ByteBufUtil.getBytes(b);
        } finally {
            b.release();
        }
    }

    private static Pdu readPdu(Socket s) throws IOException {
        DataInputStream in = new DataInputStream(s.getInputStream());
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

    /** After an abort the server waits (ARTIM, 2 s here) for us to close, then closes itself. */
    private static void assertClosedByServer(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        assertEquals(-1, in.read());
    }
}
