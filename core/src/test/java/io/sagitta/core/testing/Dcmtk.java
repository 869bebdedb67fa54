package io.sagitta.core.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the dcmtk command line tools (dcmdump, dump2dcm, dcmconv, dcmcrle, dcmcjpeg, img2dcm,
 * dcmodify, and the network tools) for tests that check Sagitta against a real toolkit. Tests call
 * {@link #available()} in an assumption: CI installs dcmtk, a developer machine may not have it.
 *
 * <p>Text goes in and out as ISO 8859-1, so every byte survives the round trip whatever the
 * dataset's character set.
 */
public final class Dcmtk {

    private static final long TIMEOUT_SECONDS = 60;
    private static volatile Boolean available;

    private Dcmtk() {
    }

    /** True when dcmdump runs (and so, presumably, the rest of dcmtk is installed). */
    public static boolean available() {
        Boolean a = available;
        if (a == null) {
            try {
                Process p = new ProcessBuilder("dcmdump", "--version").redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                a = p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS) && p.exitValue() == 0;
            } catch (IOException e) {
                a = false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                a = false;
            }
            available = a;
        }
        return a;
    }

    /** What a tool printed and how it exited. */
    public record Result(int exitCode, String stdout, String stderr) {
    }

    /** Runs a command in {@code dir} and returns its outcome whatever the exit code. */
    public static Result exec(Path dir, List<String> command) {
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).start();
            p.getOutputStream().close();
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("timed out after " + TIMEOUT_SECONDS + " s: " + command);
            }
            return new Result(p.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + command, e);
        }
    }

    /** Runs a command and returns its standard output; a non-zero exit fails with the tool's messages. */
    public static String run(Path dir, String... command) {
        Result r = exec(dir, Arrays.asList(command));
        if (r.exitCode() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited with " + r.exitCode() + ":\n"
                + r.stderr() + r.stdout());
        }
        return r.stdout();
    }

    /**
     * Writes {@code dump} (dcmdump format) next to {@code out} and turns it into a DICOM file with
     * dump2dcm and the given options (e.g. {@code +te}, {@code +tb}, {@code -e}).
     */
    public static Path dump2dcm(String dump, Path out, String... options) {
        Path text = out.resolveSibling(out.getFileName() + ".dump");
        try {
            Files.writeString(text, dump, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> command = new ArrayList<>();
        command.add("dump2dcm");
        command.addAll(Arrays.asList(options));
        command.add(text.toString());
        command.add(out.toString());
        run(out.getParent(), command.toArray(String[]::new));
        return out;
    }

    /** Runs a converter of the form {@code tool [options] in out} (dcmconv, dcmcrle, dcmcjpeg, img2dcm). */
    public static Path convert(String tool, Path in, Path out, String... options) {
        List<String> command = new ArrayList<>();
        command.add(tool);
        command.addAll(Arrays.asList(options));
        command.add(in.toString());
        command.add(out.toString());
        run(out.getParent(), command.toArray(String[]::new));
        return out;
    }

    /**
     * dcmdump's full, machine-readable dump: every value printed in full ({@code +L}), UIDs as numbers
     * ({@code -Un}), no warnings ({@code -q}), and values as they are in the file, not as dcmtk would
     * correct them ({@code -dc}: odd lengths stay odd). Parse it with {@link DcmdumpText#parse}.
     */
    public static String dcmdump(Path file, String... extraOptions) {
        List<String> command = new ArrayList<>(List.of("dcmdump", "-q", "+L", "-Un", "+M", "-dc"));
        command.addAll(Arrays.asList(extraOptions));
        command.add(file.toString());
        return run(file.getParent(), command.toArray(String[]::new));
    }

    private static String read(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
