package io.sagitta.server.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code java -jar sagitta.jar} as a separate process on free ports, as an operator runs it: what
 * it prints is collected line by line, and the ports it listens on are read from its ready lines.
 */
final class ArchiveProcess implements AutoCloseable {

    static final Path JAR = Path.of(System.getProperty("sagitta.jar", "target/sagitta.jar"));
    private static final Pattern DIMSE = Pattern.compile("DIMSE +(\\S+) on (\\S+):(\\d+)");
    private static final Pattern HTTP = Pattern.compile("HTTP +(http://[^/\\s]+)/dicom-web");

    final Process process;
    final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
    final List<String> all = new ArrayList<>();
    int dimsePort;
    String httpBase;

    /** Starts the archive with a 256 MiB heap on {@code dataDir}. */
    ArchiveProcess(Path dataDir) throws IOException, InterruptedException {
        this(dataDir, Map.of());
    }

    /** Starts the archive with a 256 MiB heap on {@code dataDir}, with more environment. */
    ArchiveProcess(Path dataDir, Map<String, String> environment) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx256m", "-jar", JAR.toString()).redirectErrorStream(true);
        pb.environment().put("SAGITTA_DATA_DIR", dataDir.toString());
        pb.environment().put("SAGITTA_DICOM_PORT", "0");
        pb.environment().put("SAGITTA_HTTP_PORT", "0");
        pb.environment().putAll(environment);
        process = pb.start();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the process ended
            }
        });
        reader.setDaemon(true);
        reader.start();
        while (dimsePort == 0 || httpBase == null) {
            String line = next(120);
            Matcher d = DIMSE.matcher(line);
            if (d.find()) {
                dimsePort = Integer.parseInt(d.group(3));
            }
            Matcher h = HTTP.matcher(line);
            if (h.find()) {
                httpBase = h.group(1);
            }
        }
    }

    String next(int seconds) throws InterruptedException {
        String line = lines.poll(seconds, TimeUnit.SECONDS);
        if (line == null) {
            throw new AssertionError("the archive printed nothing for " + seconds + " s; so far: " + all);
        }
        all.add(line);
        return line;
    }

    /** Waits for a printed line containing every one of {@code texts}. */
    String await(String... texts) throws InterruptedException {
        while (true) {
            String line = next(60);
            boolean all = true;
            for (String text : texts) {
                all &= line.contains(text);
            }
            if (all) {
                return line;
            }
        }
    }

    /** Sends SIGTERM and returns the exit status. */
    int stop() throws InterruptedException {
        // Process.destroy() would also close our end of its output, losing the last lines.
        process.toHandle().destroy();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the archive did not stop on SIGTERM");
        return process.exitValue();
    }

    /** Kills the process if it still runs, and prints what it said last, for a failed test's log. */
    @Override
    public void close() {
        process.destroyForcibly();
        lines.drainTo(all);
        List<String> tail = all.subList(Math.max(0, all.size() - 40), all.size());
        System.out.println("the archive's last lines:\n  " + String.join("\n  ", tail));
    }

    /** Runs a command (a dcmtk tool) and returns its exit status, printing its output on failure. */
    static int run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS));
        if (p.exitValue() != 0) {
            System.err.println(String.join(" ", command) + ":\n" + output);
        }
        return p.exitValue();
    }

    static boolean hasDcmtk() {
        try {
            return new ProcessBuilder("storescu", "--version").start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
