package io.jcadvisor.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.jcadvisor.testing.LiveCgroup;
import io.jcadvisor.testing.LocalServer;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

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
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real Prometheus (Debian package {@code prometheus}) scrapes the live agent every second from
 * loopback while a real cgroup on this host burns CPU; then its HTTP API must return that cgroup's
 * CPU and working-set series and a positive {@code rate()} of its CPU counter.
 */
@QuarkusTest
class MetricsPrometheusTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/metrics")
    URL metrics;

    @Test
    void prometheusScrapesAndRatesTheCpuCounter() throws Exception {
        PromtoolSupport.ensureInstalled();
        Path dir = Files.createTempDirectory("jcadvisor-metrics-prom-");
        Process prometheus = null;
        try (LiveCgroup cgroup = LiveCgroup.create("jcadv-prom")) {
            // Memory is charged to the cgroup a task is in when it allocates: start() moves the shell first.
            cgroup.start("x=$(head -c 4000000 /dev/zero | tr '\\0' a); while :; do :; done");
            String id = "{id=\"" + cgroup.name() + "\"}";
            int port = LocalServer.freePort();
            Path config = dir.resolve("prometheus.yml");
            Files.writeString(config, """
                    global:
                      scrape_interval: 1s
                      evaluation_interval: 1s
                    scrape_configs:
                      - job_name: jcadvisor
                        scrape_interval: 1s
                        scrape_timeout: 900ms
                        metrics_path: %s
                        static_configs:
                          - targets: ['127.0.0.1:%d']
                    """.formatted(metrics.getPath(), metrics.getPort()));
            prometheus = new ProcessBuilder("prometheus", "--config.file=" + config,
                    "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
                    .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            String api = "http://127.0.0.1:" + port + "/api/v1/query?query=";

            JsonNode rate = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                Thread.sleep(1000);
                JsonNode r = query(http, api, "rate(container_cpu_usage_seconds_total" + id + "[10s]) > 0");
                if (r != null && r.size() > 0) {
                    rate = r;
                    break;
                }
            }
            assertThat(rate).as("positive rate() from Prometheus; log: %s", log(dir)).isNotNull();
            assertThat(rate.get(0).get("metric").get("id").asText()).isEqualTo(cgroup.name());

            JsonNode cpu = query(http, api, "container_cpu_usage_seconds_total" + id);
            JsonNode memory = query(http, api, "container_memory_working_set_bytes" + id);
            assertThat(cpu).isNotNull();
            assertThat(cpu.size()).isGreaterThanOrEqualTo(1);
            assertThat(memory).isNotNull();
            assertThat(memory.size()).isEqualTo(1);
            assertThat(memory.get(0).get("value").get(1).asDouble()).isGreaterThan(0);
            JsonNode up = query(http, api, "up{job=\"jcadvisor\"}");
            assertThat(up.get(0).get("value").get(1).asText()).isEqualTo("1");
        } finally {
            if (prometheus != null) {
                prometheus.destroy();
                if (!prometheus.waitFor(20, TimeUnit.SECONDS)) {
                    prometheus.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
            deleteTree(dir);
        }
    }

    private static JsonNode query(HttpClient http, String api, String promql) throws InterruptedException {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(api
                    + URLEncoder.encode(promql, StandardCharsets.UTF_8))).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return null;
            }
            return JSON.readTree(response.body()).path("data").path("result");
        } catch (IOException e) {
            return null; // not listening yet
        }
    }

    private static String log(Path dir) {
        try {
            String text = Files.readString(dir.resolve("prometheus.log"));
            return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
