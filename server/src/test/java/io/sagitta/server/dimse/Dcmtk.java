package io.sagitta.server.dimse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs dcmtk tools as independent DIMSE peers. */
final class Dcmtk {

    record Result(int exitCode, String output) {
        Result assertSuccess() {
            assertEquals(0, exitCode, output);
            return this;
        }
    }

    private Dcmtk() {
    }

    static Result run(String... command) throws IOException, InterruptedException {
        return run(List.of(command));
    }

    static Result run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "timed out: " + command);
        return new Result(p.exitValue(), String.join(" ", command) + "\n" + new String(out, StandardCharsets.UTF_8));
    }

    static Result echoscu(int port, String calledAe) throws IOException, InterruptedException {
        return run("echoscu", "-aec", calledAe, "-aet", "ECHOSCU", "127.0.0.1", Integer.toString(port));
    }

    static Result storescu(int port, String calledAe, List<String> options, Path... files)
        throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("storescu", "-aec", calledAe, "-aet", "STORESCU"));
        cmd.addAll(options);
        cmd.add("127.0.0.1");
        cmd.add(Integer.toString(port));
        for (Path f : files) {
            cmd.add(f.toString());
        }
        return run(cmd);
    }

    /** A port free a moment ago, for tools that cannot be told to bind port 0. */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Starts a process and waits until it accepts connections on {@code port}. */
    static Process startListening(int port, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        for (int i = 0; i < 100; i++) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return p;
            } catch (IOException notYet) {
                if (!p.isAlive()) {
                    throw new IOException("exited with " + p.exitValue() + ": " + String.join(" ", command));
                }
                Thread.sleep(50);
            }
        }
        p.destroyForcibly();
        throw new IOException("never listened on " + port + ": " + String.join(" ", command));
    }
}
