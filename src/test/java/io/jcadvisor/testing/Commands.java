package io.jcadvisor.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a host command (docker, podman, ctr) for a live test. */
public final class Commands {

    private Commands() {
    }

    /**
     * Runs {@code argv} to the end (at most a minute) and gives its output, stderr merged in.
     *
     * @throws IOException when it cannot start, times out or exits non-zero (the output says why)
     */
    public static String run(List<String> argv) throws IOException {
        // The output goes to a file, not a pipe: a command that writes more than the pipe holds (64 KiB; a
        // redis LRANGE of many samples) would block on the full pipe while we wait for it to exit.
        Path out = Files.createTempFile("jcadvisor-command", ".out");
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            try {
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new IOException("timed out: " + argv);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted: " + argv, e);
            }
            String text = new String(Files.readAllBytes(out), StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new IOException(argv + " exited " + p.exitValue() + ": " + text);
            }
            return text;
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
