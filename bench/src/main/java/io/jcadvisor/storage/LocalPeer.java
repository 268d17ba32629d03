package io.jcadvisor.storage;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * A real {@code redis-server} or {@code influxd} (1.x) for the batch benchmark, on free loopback
 * ports with its files in a temp dir and nothing persisted or reported. {@link #close()} kills it
 * and deletes the dir; a shutdown hook does the same if the benchmark JVM exits without tearing down.
 */
final class LocalPeer implements AutoCloseable {

    private final String command;
    private final int port;
    private final Path dir;
    private final Process process;
    private final Thread killOnExit;

    private LocalPeer(String command, int port, Path dir, List<String> argv) throws IOException {
        this.command = command;
        this.port = port;
        this.dir = dir;
        this.process = new ProcessBuilder(argv).redirectErrorStream(true)
                .redirectOutput(dir.resolve(command + ".log").toFile()).start();
        this.killOnExit = new Thread(this::kill, "kill-" + command);
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    /** {@code redis-server} without persistence. */
    static LocalPeer redis() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("jcadvisor-bench-redis");
        int port = freePort();
        LocalPeer peer = new LocalPeer("redis-server", port, dir, List.of("redis-server", "--port",
                Integer.toString(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir",
                dir.toString()));
        peer.await(() -> "+PONG".equals(peer.redisCommand("PING")));
        return peer;
    }

    /** {@code influxd} with its meta, data and wal directories in the temp dir, HTTP and query logs off. */
    static LocalPeer influxd() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("jcadvisor-bench-influxd");
        int port = freePort();
        Path config = dir.resolve("influxdb.conf");
        Files.writeString(config, """
                reporting-disabled = true
                bind-address = "127.0.0.1:%d"
                [meta]
                  dir = "%s/meta"
                [data]
                  dir = "%s/data"
                  wal-dir = "%s/wal"
                  query-log-enabled = false
                [http]
                  bind-address = "127.0.0.1:%d"
                  log-enabled = false
                [monitor]
                  store-enabled = false
                """.formatted(freePort(), dir, dir, dir, port));
        LocalPeer peer = new LocalPeer("influxd", port, dir, List.of("influxd", "-config", config.toString()));
        HttpClient http = HttpClient.newHttpClient();
        peer.await(() -> {
            try {
                return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ping")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 204;
            } catch (IOException | InterruptedException e) {
                return false;
            }
        });
        return peer;
    }

    HostPort hostPort() {
        return new HostPort("127.0.0.1", port);
    }

    /** One redis inline command (no arguments with spaces); the first line of the reply. */
    String redisCommand(String inline) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            s.setSoTimeout(10_000);
            s.getOutputStream().write((inline + "\r\n").getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c >= 0 && c != '\r'; c = in.read()) {
                line.append((char) c);
            }
            return line.toString();
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** One InfluxQL statement through {@code POST /query} on {@code database} (may be empty); the JSON answer. */
    String influxQuery(String database, String statement) throws IOException, InterruptedException {
        String uri = "http://127.0.0.1:" + port + "/query?db=" + URLEncoder.encode(database, StandardCharsets.UTF_8)
                + "&q=" + URLEncoder.encode(statement, StandardCharsets.UTF_8);
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(uri))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200 || r.body().contains("\"error\"")) {
            throw new IOException(statement + ": HTTP " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    private void await(BooleanSupplier ready) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!ready.getAsBoolean()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                String log = Files.readString(dir.resolve(command + ".log"));
                close();
                throw new IOException(command + " did not come up on port " + port + ": " + log);
            }
            Thread.sleep(50);
        }
    }

    private void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not delete " + dir + ": " + e);
        }
    }

    @Override
    public void close() {
        kill();
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or about to; killing twice is harmless
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
