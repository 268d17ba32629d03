package io.jcadvisor.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jcadvisor.testing.LocalServer;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A real {@code influxd} (1.x) on free loopback ports with its meta, data and wal directories in a
 * temp dir and reporting off; {@link #stop()} and {@link #start()} again keep the same ports and data.
 */
final class InfluxPeer extends LocalServer {

    private static final ObjectMapper JSON = new ObjectMapper();

    final int port;
    private final Path config;
    private final HttpClient http = HttpClient.newHttpClient();

    private InfluxPeer(int port, Path dir, Path config) {
        super("influxd", dir);
        this.port = port;
        this.config = config;
    }

    static InfluxPeer start(String prefix) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory(prefix);
        int port = freePort();
        int rpc = freePort();
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
                """.formatted(rpc, dir, dir, dir, port));
        InfluxPeer peer = new InfluxPeer(port, dir, config);
        peer.start();
        return peer;
    }

    @Override
    protected List<String> command() {
        return List.of("influxd", "-config", config.toString());
    }

    @Override
    protected boolean answers() {
        return ping();
    }

    String hostPort() {
        return "127.0.0.1:" + port;
    }

    /** Runs an InfluxQL statement; the JSON answer. */
    JsonNode query(String db, String q) throws IOException, InterruptedException {
        String uri = "http://127.0.0.1:" + port + "/query?epoch=ns&db=" + URLEncoder.encode(db, StandardCharsets.UTF_8)
                + "&q=" + URLEncoder.encode(q, StandardCharsets.UTF_8);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(uri))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("query " + q + ": HTTP " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body());
    }

    private boolean ping() {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ping")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 204;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
