package io.sagitta.dicomweb.qido;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sagitta.core.data.Dataset;
import io.sagitta.core.data.Tag;
import io.sagitta.core.data.VR;
import io.sagitta.core.net.NoLeaks;
import io.sagitta.dicomweb.DicomWebOptions;
import io.sagitta.dicomweb.Instances;
import io.sagitta.dicomweb.TestArchive;
import io.vertx.core.json.JsonArray;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Clients that ask for a long streamed JSON answer (WADO-RS metadata here; QIDO-RS answers go the same way, through
 * JsonArrayResponse) and then read none of it. The answer's query is held back for them and holds a database
 * connection; past the stall timeout the answer is given up (its connection closed, the query cancelled), so more
 * such clients than the pool has connections do not starve the next query. A client that reads slowly but keeps
 * reading gets the whole answer. The answers are made long (3 KB of comments per instance, about 8 MB in all) so
 * that the socket's own send buffer (up to 4 MiB on loopback) cannot take them whole.
 */
@ExtendWith(NoLeaks.class)
class StalledClientsTest {

    private static final int INSTANCES = 2000;
    private static final String STUDY = "1.2.7.1";
    /** More than the test archive's pool of 8 connections. */
    private static final int STALLED = 12;
    private static final Duration STALL_TIMEOUT = Duration.ofSeconds(1);
    private static final String METADATA = "/dicom-web/studies/" + STUDY + "/metadata";

    private static TestArchive archive;

    @BeforeAll
    static void start() throws Exception {
        archive = new TestArchive(TestArchive.mounts("/dicom-web",
            DicomWebOptions.builder().stalledClientTimeout(STALL_TIMEOUT).build()));
        List<Dataset> instances = new ArrayList<>();
        for (int i = 0; i < INSTANCES; i++) {
            Dataset d = Instances.instance("Doe^John", "P1", STUDY, "20200101", STUDY + "." + (i % 3), i % 3, "CT",
                STUDY + ".9." + i, i);
            d.setString(Tag.ImageComments, VR.LT, "comment ".repeat(384));
            instances.add(d);
        }
        archive.recordAll(instances);
    }

    @AfterAll
    static void stop() throws Exception {
        archive.close();
    }

    @Test
    void clientsThatReadNothingLoseTheirAnswersAndFreeTheirQueries() throws Exception {
        List<Socket> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < STALLED; i++) {
                stalled.add(ask(METADATA, 4096));
            }
            Thread.sleep(STALL_TIMEOUT.toMillis() * 3);
            HttpResponse<String> after = archive.get("/dicom-web/studies");
            assertEquals(200, after.statusCode(), "stalled clients starved the index: " + after.body());
            assertEquals(1, new JsonArray(after.body()).size());
            int givenUp = 0;
            for (Socket socket : stalled) {
                String answer = readToEnd(socket, 0);
                assertTrue(answer.startsWith("HTTP/1.1 200"), answer.substring(0, Math.min(200, answer.length())));
                // An answer that fitted the buffers on the way is complete; the others end without the last chunk.
                if (!answer.endsWith("\r\n0\r\n\r\n")) {
                    givenUp++;
                }
            }
            assertTrue(givenUp >= STALLED - 8, givenUp + " answers given up: at most the pool's 8 may have completed");
        } finally {
            for (Socket socket : stalled) {
                socket.close();
            }
        }
    }

    @Test
    void aClientThatReadsSlowlyButKeepsReadingGetsTheWholeAnswer() throws Exception {
        try (Socket socket = ask(METADATA, 256 * 1024)) {
            // Up to 256 KiB per read, 50 ms apart: about 5 MB/s, an answer that takes longer than the timeout to read.
            // (The archive sees the client read only when the socket takes more: once about a third of its send
            // buffer, up to 4 MiB here, is free; at this pace well within the timeout.)
            long started = System.nanoTime();
            String answer = readToEnd(socket, 50);
            assertTrue(System.nanoTime() - started > STALL_TIMEOUT.toNanos(), "the reading took longer than the timeout");
            assertTrue(answer.endsWith("\r\n0\r\n\r\n"), "the chunked answer is complete");
            String body = dechunk(answer.substring(answer.indexOf("\r\n\r\n") + 4));
            assertEquals(INSTANCES, new JsonArray(body).size());
        }
    }

    /** Sends a GET through a receive window of {@code window} bytes, reads nothing yet. */
    private static Socket ask(String path, int window) throws Exception {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(window); // small: the archive cannot send it all at once
        socket.connect(new InetSocketAddress("127.0.0.1", archive.port()), 5000);
        socket.setSoTimeout(20_000);
        socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
        return socket;
    }

    /** Reads until the archive closes the connection, with {@code pauseMs} between reads. */
    private static String readToEnd(Socket socket, long pauseMs) throws Exception {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[256 * 1024];
        int n;
        try {
            while ((n = in.read(buffer)) >= 0) {
                all.write(buffer, 0, n);
                if (pauseMs > 0) {
                    Thread.sleep(pauseMs);
                }
            }
        } catch (java.net.SocketException reset) {
            // a reset after the answer was given up: what arrived before it is the answer
        }
        return all.toString(StandardCharsets.UTF_8);
    }

    private static String dechunk(String chunked) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (true) {
            int lineEnd = chunked.indexOf("\r\n", at);
            int size = Integer.parseInt(chunked.substring(at, lineEnd).trim(), 16);
            if (size == 0) {
                return out.toString();
            }
            out.append(chunked, lineEnd + 2, lineEnd + 2 + size);
            at = lineEnd + 2 + size + 2;
        }
    }
}
