package io.sagitta.bench.load;

import static io.sagitta.bench.load.LoadAgainstArchiveTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.sagitta.bench.load.LoadAgainstArchiveTest.Result;
import io.sagitta.core.data.TransferSyntax;
import io.sagitta.core.data.UID;
import io.sagitta.core.net.assoc.AcceptorPolicy;
import io.sagitta.core.net.channel.AssociationLimiter;
import io.sagitta.core.net.channel.AssociationOptions;
import io.sagitta.core.net.channel.DimseAcceptor;
import io.sagitta.core.net.service.DimseServices;
import io.sagitta.core.net.service.DimseStatus;
import io.sagitta.core.net.service.StoreService;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tool must fail loudly: servers that answer 500, cut a multipart short or refuse every C-STORE
 * give errors by kind, no throughput, and exit status 1.
 */
class FailingServersTest {

    @TempDir
    Path out;

    Vertx vertx;
    MultiThreadIoEventLoopGroup group;

    @AfterEach
    void stop() throws Exception {
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    @Test
    void stowAnswered500IsAnErrorWithNoThroughput() throws Exception {
        String web = fakeWeb(false);
        Path json = out.resolve("r.json");
        Result r = run(LoadCommand::run, "--workload", "stow", "--web", web, "--modality", "small", "--studies", "2",
            "--instances-per-study", "2", "--json", json.toString(), "--no-progress");

        assertEquals(LoadCommand.ERRORS, r.status(), r.text());
        assertTrue(r.out().contains("http-500 x2") && r.out().contains("FAIL"), r.text());
        assertTrue(r.out().contains("answered 500"), r.text());
        JsonObject report = new JsonObject(Files.readString(json));
        assertFalse(report.getBoolean("passed"));
        assertEquals(2L, report.getLong("errors"));
        JsonObject stow = report.getJsonArray("operations").getJsonObject(0);
        assertEquals(0L, stow.getLong("succeeded"));
        assertEquals(2L, stow.getLong("failed"));
        assertEquals(0L, stow.getLong("instances"));
        assertEquals(0L, stow.getLong("bytes"));
        assertEquals(0.0, stow.getDouble("instancesPerSecond"));
        assertEquals(0.0, stow.getJsonObject("latencyMs").getDouble("p99"));
        assertNull(stow.getDouble("studiesPerDay"));
        assertEquals(2L, stow.getJsonObject("errors").getJsonObject("http-500").getLong("count"));
    }

    @Test
    void truncatedMultipartIsAnError() throws Exception {
        String web = fakeWeb(true);
        Result r = run(LoadCommand::run, "--workload", "wado-study", "--web", web, "--modality", "small",
            "--studies", "2", "--instances-per-study", "2", "--count", "3", "--no-progress");

        assertEquals(LoadCommand.ERRORS, r.status(), r.text());
        assertTrue(r.out().matches("(?s).*\\nseed-stow +2 +0 .*"), r.text());
        assertTrue(r.out().matches("(?s).*\\nwado-study +0 +3 .*"), r.text());
        assertTrue(r.out().contains("multipart-truncated x3"), r.text());

        Result tolerated = run(LoadCommand::run, "--workload", "wado-study", "--web", web, "--modality", "small",
            "--studies", "1", "--instances-per-study", "2", "--count", "3", "--max-errors", "3", "--no-progress");
        assertEquals(LoadCommand.OK, tolerated.status(), tolerated.text());
        assertTrue(tolerated.out().contains("multipart-truncated x3"), tolerated.text());
    }

    @Test
    void warmupErrorsFailTheRun() throws Exception {
        String web = fakeWeb(true);
        Result r = run(LoadCommand::run, "--workload", "wado-study", "--web", web, "--modality", "small",
            "--studies", "1", "--instances-per-study", "2", "--count", "2", "--warmup", "200ms", "--no-progress");

        assertEquals(LoadCommand.ERRORS, r.status(), r.text());
        assertTrue(r.out().matches("(?s).*\\nwarmup-wado-study +0 +[1-9]\\d* .*"), r.text());
        assertTrue(r.out().matches("(?s).*\\nwado-study +0 +2 .*"), r.text());
        assertTrue(r.out().contains("warmup-wado-study multipart-truncated"), r.text());
    }

    @Test
    void failedSeedingStopsTheRun() throws Exception {
        String web = fakeWeb(false);
        Result r = run(LoadCommand::run, "--workload", "qido", "--web", web, "--studies", "1",
            "--instances-per-study", "1", "--modality", "small", "--no-progress");
        assertEquals(LoadCommand.ERRORS, r.status(), r.text());
        assertTrue(r.out().contains("ABORTED") && r.out().contains("seed-stow"), r.text());
        assertFalse(r.out().contains("qido-list"), r.text());
    }

    @Test
    void storeRefusedWithA700IsAnError() throws Exception {
        AtomicInteger received = new AtomicInteger();
        int port = refusingScp(received);
        Result r = run(LoadCommand::run, "--workload", "store", "--dicom", "127.0.0.1:" + port, "--aet", "FULL",
            "--modality", "small", "--studies", "2", "--instances-per-study", "3", "--concurrency", "2",
            "--no-progress");

        assertEquals(LoadCommand.ERRORS, r.status(), r.text());
        assertEquals(6, received.get());
        assertTrue(r.out().matches("(?s).*\\nstore +0 +6 +0\\.0 .*"), r.text());
        assertTrue(r.out().contains("dimse-A700H x6") && r.out().contains("disk full"), r.text());
    }

    @Test
    void unreachableServerCannotRun() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Result r = run(LoadCommand::run, "--workload", "store", "--dicom", "127.0.0.1:" + port, "--no-progress");
        assertEquals(LoadCommand.CANNOT_RUN, r.status(), r.text());
        assertTrue(r.err().contains("cannot open an association"), r.text());
    }

    @Test
    void badOptionsAreUsageErrors() {
        assertEquals(LoadCommand.USAGE, run(LoadCommand::run, "--workload", "nope").status());
        assertEquals(LoadCommand.USAGE, run(LoadCommand::run, "--workload", "store", "--studies", "0").status());
        assertEquals(LoadCommand.USAGE, run(LoadCommand::run, "--workload", "store", "--frobnicate").status());
        assertEquals(LoadCommand.USAGE, run(LoadCommand::run, "--workload", "store", "--dicom", "nohost").status());
        assertEquals(LoadCommand.USAGE, run(LoadCommand::run, "--workload", "store", "--warmup", "soon").status());
        assertEquals(LoadCommand.USAGE, run(LoadCommand::run, "--workload", "store", "--warmup", "-1s").status());
        Result help = run(LoadCommand::run, "--help");
        assertEquals(LoadCommand.OK, help.status());
        assertTrue(help.out().contains("--max-errors") && help.out().contains("wado-study"));
        assertEquals(LoadCommand.USAGE, run(CompareCommand::run, "--workload", "store", "--a-dicom", "h:1").status());
    }

    /**
     * A DICOMweb server that fails: STOW-RS answers 500, or (when {@code truncate}) STOW-RS succeeds
     * (counting the parts it got) and WADO-RS sends one part and never the closing delimiter.
     */
    private String fakeWeb(boolean truncate) throws Exception {
        vertx = Vertx.vertx();
        HttpServer server = vertx.createHttpServer().requestHandler(request -> {
            if (request.method().name().equals("POST")) {
                if (!truncate) {
                    request.response().setStatusCode(500).end("boom");
                    return;
                }
                MultipartScanner parts = new MultipartScanner(MultipartScanner.boundaryOf(request.getHeader("Content-Type")));
                request.handler(chunk -> parts.feed(chunk.getBytes()));
                request.endHandler(v -> {
                    JsonArray referenced = new JsonArray();
                    for (int i = 0; i < parts.parts(); i++) {
                        referenced.add(new JsonObject());
                    }
                    request.response().putHeader("Content-Type", "application/dicom+json").end(new JsonObject()
                        .put("00081199", new JsonObject().put("vr", "SQ").put("Value", referenced)).encode());
                });
                return;
            }
            request.response().putHeader("Content-Type", "multipart/related; type=\"application/dicom\"; boundary=xyz")
                .end("--xyz\r\nContent-Type: application/dicom\r\n\r\nnot much\r\n");
        });
        int port = server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS)
            .actualPort();
        return "http://127.0.0.1:" + port + "/dicom-web";
    }

    /** A C-STORE SCP (core's acceptor) that reads every data set and answers A700. */
    private int refusingScp(AtomicInteger received) throws Exception {
        StoreService refuse = request -> new StoreService.StoreReceiver() {
            @Override
            public CompletionStage<?> onData(io.netty.buffer.ByteBuf fragment, boolean last) {
                fragment.release();
                if (last) {
                    received.incrementAndGet();
                }
                return CompletableFuture.completedFuture(null);
            }

            @Override
            public CompletionStage<DimseStatus> end() {
                return CompletableFuture.completedFuture(DimseStatus.of(0xA700, "disk full"));
            }
        };
        DimseAcceptor acceptor = DimseAcceptor.create(
            AcceptorPolicy.create().acceptCalledAeTitle("FULL")
                .support(UID.CTImageStorage, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid()),
            DimseServices.create().store(refuse), AssociationOptions.create(), AssociationLimiter.create(10));
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        Channel server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
            .childHandler(acceptor.initializer()).bind("127.0.0.1", 0).sync().channel();
        return ((InetSocketAddress) server.localAddress()).getPort();
    }
}
