package io.jcadvisor.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real Prometheus (Debian package {@code prometheus}) on loopback that scrapes one agent every second
 * as job {@code job}, with {@code honor_labels: true} as kube-prometheus scrapes the kubelet's
 * {@code /metrics/cadvisor} (so the agent's {@code namespace} and {@code pod} labels stay as written).
 * Its TSDB and log live in a temp dir that {@link #close()} removes.
 */
public final class PrometheusServer extends LocalServer {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private PrometheusServer(Path dir, int port) {
        super("prometheus", dir);
        this.port = port;
    }

    /** Starts Prometheus scraping {@code metrics} (the agent's {@code /metrics} URL) and waits until it answers. */
    public static PrometheusServer scraping(URL metrics, String job) throws IOException {
        Path dir = Files.createTempDirectory("jcadvisor-prometheus-");
        Files.writeString(dir.resolve("prometheus.yml"), """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                scrape_configs:
                  - job_name: %s
                    scrape_interval: 1s
                    scrape_timeout: 900ms
                    honor_labels: true
                    metrics_path: %s
                    static_configs:
                      - targets: ['127.0.0.1:%d']
                """.formatted(job, metrics.getPath(), metrics.getPort()));
        PrometheusServer server = new PrometheusServer(dir, freePort());
        server.start();
        return server;
    }

    @Override
    protected List<String> command() {
        return List.of("prometheus", "--config.file=" + dir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port);
    }

    @Override
    protected boolean answers() {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/-/ready"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** An instant query's {@code data.result} array, or null when Prometheus does not answer 200. */
    public JsonNode query(String promql) throws InterruptedException {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return null;
            }
            return JSON.readTree(response.body()).path("data").path("result");
        } catch (IOException e) {
            return null;
        }
    }

    /** The end of Prometheus' log, for a failure message. */
    public String logTail() {
        try {
            String text = Files.readString(dir.resolve("prometheus.log"));
            return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
        } catch (IOException e) {
            return "(no log)";
        }
    }
}
