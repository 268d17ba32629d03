package io.jcadvisor.storage;

import io.jcadvisor.testing.Await;
import io.jcadvisor.testing.Commands;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} on a free loopback port, with no persistence, for the storage tests;
 * {@link #stop()} and {@link #start()} again on the same port simulate an outage.
 */
final class RedisPeer implements AutoCloseable {

    final int port;
    private final Path dir;
    private Process process;

    private RedisPeer(int port, Path dir) {
        this.port = port;
        this.dir = dir;
    }

    static RedisPeer start(String prefix) throws IOException {
        RedisPeer peer = new RedisPeer(freePort(), Files.createTempDirectory(prefix));
        peer.start();
        return peer;
    }

    void start() throws IOException {
        process = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", dir.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        Await.until(Duration.ofSeconds(20), () -> {
            if (!process.isAlive()) {
                throw new AssertionError("redis-server exited: " + log());
            }
            return answers(port);
        });
    }

    /** Kills the server (SIGKILL, as a crash would) and waits for it to be gone. */
    void stop() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(20, TimeUnit.SECONDS);
            process = null;
        }
    }

    String hostPort() {
        return "127.0.0.1:" + port;
    }

    /** The list at {@code key}, head (newest) first, through {@code redis-cli}. */
    List<String> lrange(String key) throws IOException {
        // one element a line: the JSON documents hold no newline
        String out = Commands.run(List.of("redis-cli", "-h", "127.0.0.1", "-p", Integer.toString(port), "--raw",
                "LRANGE", key, "0", "-1"));
        List<String> items = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (!line.isBlank()) {
                items.add(line);
            }
        }
        return items;
    }

    long llen(String key) throws IOException {
        return Long.parseLong(Commands.run(List.of("redis-cli", "-h", "127.0.0.1", "-p", Integer.toString(port),
                "LLEN", key)).strip());
    }

    private String log() {
        try {
            return Files.readString(dir.resolve("redis.log"));
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Override
    public void close() throws Exception {
        stop();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    static boolean answers(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            s.getOutputStream().write("PING\r\n".getBytes());
            s.setSoTimeout(1000);
            byte[] buf = new byte[7];
            int n = s.getInputStream().read(buf);
            return n > 0 && new String(buf, 0, n).startsWith("+PONG");
        } catch (IOException e) {
            return false;
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
