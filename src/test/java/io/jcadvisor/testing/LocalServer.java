package io.jcadvisor.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real server of the host's ({@code redis-server}, {@code influxd}) run by a test on loopback, its
 * files and log in a temp dir. {@link #stop()} kills it as a crash would; {@link #start()} again keeps
 * its ports and data, so a test can stage an outage. {@link #close()} removes the dir.
 */
public abstract class LocalServer implements AutoCloseable {

    private static final Duration START_LIMIT = Duration.ofSeconds(30);

    protected final Path dir;
    private final String name;
    private Process process;

    /** @param name the binary's name, for the log file and messages */
    protected LocalServer(String name, Path dir) {
        this.name = name;
        this.dir = dir;
    }

    /** The command line that runs the server in the foreground. */
    protected abstract List<String> command();

    /** Whether the server answers its protocol yet. */
    protected abstract boolean answers();

    /** Starts the server and waits until it answers; fails with its log when it exits first. */
    public void start() throws IOException {
        process = new ProcessBuilder(command()).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile()).start();
        Await.until(START_LIMIT, () -> {
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited: " + log());
            }
            return answers();
        });
    }

    /** Kills the server (SIGKILL, as a crash would) and waits for it to be gone. */
    public void stop() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(20, TimeUnit.SECONDS);
            process = null;
        }
    }

    private String log() {
        try {
            return Files.readString(dir.resolve(name + ".log"));
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Override
    public void close() throws Exception {
        stop();
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** A loopback port nothing listens on now. */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
