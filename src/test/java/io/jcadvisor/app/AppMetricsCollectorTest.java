package io.jcadvisor.app;

import io.jcadvisor.container.ContainerHandler;
import io.jcadvisor.host.HostFs;
import io.jcadvisor.info.v1.ContainerReference;
import io.jcadvisor.info.v1.ContainerSpec;
import io.jcadvisor.info.v1.ContainerStats;
import io.jcadvisor.info.v1.MetricSpec;
import io.jcadvisor.testing.Await;
import io.jcadvisor.testing.Samples;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The collector bean against a fixture host tree (the container's root under /proc/<pid>/root) and served bodies. */
class AppMetricsCollectorTest {

    private static final Instant T0 = Instant.parse("2026-11-27T02:00:00Z");
    /** A status-page collector: the container's /status read with a regex into the int gauge "active". */
    private static final String STATUS_CONFIG = """
            {"endpoint": "http://localhost/status", "metrics_config": [
              {"name": "active", "metric_type": "gauge", "units": "connections", "data_type": "int",
               "regex": "Active connections: ([0-9]+)"}]}""";

    @TempDir
    Path root;
    private AppMetricsCollector collector;
    private final Served served = new Served();

    @AfterEach
    void shutDown() {
        if (collector != null) {
            collector.shutdown();
        }
    }

    @Test
    void aPrometheusCollectorScrapesTheContainerIpAndAttachesTheLastValues() throws IOException {
        writeConfig(4242, "/etc/collector.json", "{\"endpoint\": {\"protocol\": \"http\", \"port\": 8080, "
                + "\"path\": \"/metrics\"}}");
        served.put("http://172.17.0.9:8080/metrics", "# TYPE jobs gauge\njobs{queue=\"a\"} 3\n");
        collector = new AppMetricsCollector(true, 100, new HostFs(root), Clock.systemUTC(), served);
        Handler web = new Handler("/docker/web", Map.of("io.cadvisor.metric.prometheus-x", "/etc/collector.json"),
                List.of(4242));
        collector.started(web, null);

        Await.until(Duration.ofSeconds(10), () -> collector.collect(web, sample()).customMetrics() != null);
        ContainerStats stats = collector.collect(web, sample());
        assertThat(stats.customMetrics().get("jobs").get(0).floatValue()).isEqualTo(3);
        assertThat(stats.customMetrics().get("jobs").get(0).labels()).containsEntry("queue", "a");
        ContainerSpec spec = collector.spec(web, Samples.spec(T0, true, true));
        assertThat(spec.hasCustomMetrics()).isTrue();
        assertThat(spec.customMetrics()).containsExactly(new MetricSpec("jobs", "gauge", "float", ""));

        served.put("http://172.17.0.9:8080/metrics", "# TYPE jobs gauge\njobs{queue=\"a\"} 7\n");
        Await.until(Duration.ofSeconds(10),
                () -> collector.collect(web, sample()).customMetrics().get("jobs").get(0).floatValue() == 7);

        int before = served.calls.get();
        collector.stopped(web);
        assertThat(collector.collect(web, sample()).customMetrics()).isNull();
        sleep(2500);
        assertThat(served.calls.get()).isLessThanOrEqualTo(before + 1);
    }

    @Test
    void aConfigWrittenAfterTheStartIsFoundOnALaterLook() throws IOException {
        collector = new AppMetricsCollector(true, 100, new HostFs(root), Clock.systemUTC(), served);
        served.put("http://172.17.0.9/status", "Active connections: 12\n");
        Handler nginx = new Handler("/docker/nginx", Map.of("io.cadvisor.metric.nginx", "/etc/nginx.json"),
                List.of(1, 77));
        collector.started(nginx, null);
        sleep(300);
        writeConfig(77, "/etc/nginx.json", STATUS_CONFIG);
        Await.until(Duration.ofSeconds(10), () -> collector.collect(nginx, sample()).customMetrics() != null);
        assertThat(collector.collect(nginx, sample()).customMetrics().get("active").get(0).intValue()).isEqualTo(12);
        assertThat(collector.spec(nginx, Samples.spec(T0, true, true)).customMetrics())
                .containsExactly(new MetricSpec("active", "gauge", "int", "connections"));
    }

    @Test
    void aConfigFoundEmptyWhileTheEntrypointWritesItIsReadAgain() throws IOException {
        // `printf ... > /etc/status.json` creates the file before it writes it
        writeConfig(9, "/etc/status.json", "");
        collector = new AppMetricsCollector(true, 100, new HostFs(root), Clock.systemUTC(), served);
        served.put("http://172.17.0.9/status", "Active connections: 5\n");
        Handler app = new Handler("/docker/app", Map.of("io.cadvisor.metric.status", "/etc/status.json"), List.of(9));
        collector.started(app, null);
        sleep(300);
        assertThat(collector.activeContainers()).isZero();
        writeConfig(9, "/etc/status.json", STATUS_CONFIG);
        Await.until(Duration.ofSeconds(10), () -> collector.collect(app, sample()).customMetrics() != null);
        assertThat(collector.collect(app, sample()).customMetrics().get("active").get(0).intValue()).isEqualTo(5);
    }

    @Test
    void badConfigsCostTheCollectorNotTheSample() throws IOException {
        writeConfig(5, "/etc/bad.json", "{not json");
        writeConfig(5, "/etc/far.json", "{\"endpoint\": \"http://169.254.169.254/latest\"}");
        collector = new AppMetricsCollector(true, 100, new HostFs(root), Clock.systemUTC(), served);
        Handler h = new Handler("/docker/bad", Map.of(
                "io.cadvisor.metric.prometheus-a", "/etc/bad.json",
                "io.cadvisor.metric.prometheus-b", "/etc/far.json",
                "io.cadvisor.metric.prometheus-c", "/../../etc/passwd"), List.of(5));
        collector.started(h, null);
        sleep(500);
        ContainerStats s = sample();
        assertThat(collector.collect(h, s)).isSameAs(s);
        assertThat(collector.activeContainers()).isZero();
        assertThat(served.calls.get()).isZero();
    }

    @Test
    void theCountLimitCutsValuesPerContainer() throws IOException {
        writeConfig(9, "/c.json", "{\"endpoint\": \"http://localhost:1/m\"}");
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 50; i++) {
            body.append("m").append(i).append(" ").append(i).append('\n');
        }
        served.put("http://172.17.0.9:1/m", body.toString());
        collector = new AppMetricsCollector(true, 10, new HostFs(root), Clock.systemUTC(), served);
        Handler h = new Handler("/docker/many", Map.of("io.cadvisor.metric.prometheus", "/c.json"), List.of(9));
        collector.started(h, null);
        Await.until(Duration.ofSeconds(10), () -> collector.collect(h, sample()).customMetrics() != null);
        assertThat(AppMetricsParser.count(collector.collect(h, sample()).customMetrics())).isEqualTo(10);
        assertThat(collector.collect(h, sample()).customMetrics()).containsKeys("m0", "m9").doesNotContainKey("m10");
    }

    @Test
    void aFailedScrapeClearsTheValues() throws IOException {
        writeConfig(9, "/c.json", "{\"endpoint\": \"http://localhost:1/m\"}");
        served.put("http://172.17.0.9:1/m", "up 1\n");
        collector = new AppMetricsCollector(true, 100, new HostFs(root), Clock.systemUTC(), served);
        Handler h = new Handler("/docker/flaky", Map.of("io.cadvisor.metric.prometheus", "/c.json"), List.of(9));
        collector.started(h, null);
        Await.until(Duration.ofSeconds(10), () -> collector.collect(h, sample()).customMetrics() != null);
        served.put("http://172.17.0.9:1/m", "<html>not metrics</html>");
        Await.until(Duration.ofSeconds(10), () -> collector.collect(h, sample()).customMetrics() == null);
    }

    @Test
    void disabledMeansNothingIsRead() throws IOException {
        writeConfig(9, "/c.json", "{\"endpoint\": \"http://localhost:1/m\"}");
        collector = new AppMetricsCollector(false, 100, new HostFs(root), Clock.systemUTC(), null);
        Handler h = new Handler("/docker/off", Map.of("io.cadvisor.metric.prometheus", "/c.json"), List.of(9));
        collector.started(h, null);
        ContainerStats s = sample();
        assertThat(collector.collect(h, s)).isSameAs(s);
    }

    private void writeConfig(int pid, String path, String json) throws IOException {
        Path file = root.resolve("proc/" + pid + "/root" + path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, json);
    }

    private static ContainerStats sample() {
        return Samples.stats(T0, 1, 1);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Serves fixed bodies by URL; anything else fails like a refused connection. */
    private static final class Served implements AppFetcher {
        final Map<String, String> bodies = new ConcurrentHashMap<>();
        final AtomicInteger calls = new AtomicInteger();

        void put(String url, String body) {
            bodies.put(url, body);
        }

        @Override
        public CompletionStage<String> get(URI uri, Duration timeout) {
            calls.incrementAndGet();
            String body = bodies.get(uri.toString());
            return body == null ? CompletableFuture.failedFuture(new IOException("connection refused: " + uri))
                    : CompletableFuture.completedFuture(body);
        }
    }

    private record Handler(String name, Map<String, String> labels, List<Integer> pids) implements ContainerHandler {
        @Override
        public ContainerReference reference() {
            return new ContainerReference(name.substring(name.lastIndexOf('/') + 1), name, List.of(), "docker");
        }

        @Override
        public ContainerSpec spec() {
            return Samples.spec(T0, true, true);
        }

        @Override
        public ContainerStats stats() {
            return sample();
        }

        @Override
        public String ipAddress() {
            return "172.17.0.9";
        }

        @Override
        public boolean exists() {
            return true;
        }
    }
}
