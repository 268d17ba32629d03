package io.jcadvisor.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jcadvisor.metrics.PromtoolSupport;
import io.jcadvisor.testing.Await;
import io.jcadvisor.testing.Commands;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.jcadvisor.testing.ApiJson.getJson;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Application metrics end to end on this host: a busybox container labelled
 * {@code io.cadvisor.metric.*} writes its collector configs and serves {@code /www} with busybox
 * httpd; the agent (real dockerd, real /proc) reads the configs through {@code /proc/<pid>/root},
 * scrapes the container's IP and serves the values through the HTTP API and {@code /metrics}.
 * Containers are named {@code appm-*} and removed after each test.
 */
@QuarkusTest
class AppMetricsLiveTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DOCKER = "/usr/bin/docker";
    private static final String IMAGE = "jcadvisor/busybox:latest";
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static final String PROMETHEUS_CONFIG = """
            {"endpoint": {"protocol": "http", "port": 8080, "path": "/metrics"}, "polling_frequency": "1s"}""";
    private static final String STATUS_CONFIG = """
            {"endpoint": "http://localhost:8080/status", "metrics_config": [
              {"name": "active_connections", "metric_type": "gauge", "units": "connections", "data_type": "int",
               "polling_frequency": 1000000000, "regex": "Active connections: ([0-9]+)"}]}""";
    private static final String SERVE = "mkdir -p /www && printf '%s\\n' \"$PROM_CFG\" > /etc/collector.json"
            + " && printf '%s\\n' \"$STATUS_CFG\" > /etc/status.json"
            + " && printf '# HELP app_jobs Jobs queued.\\n# TYPE app_jobs gauge\\napp_jobs{queue=\"a \\\\\"b\\\\\"\"} 3\\n"
            + "# TYPE app_done_total counter\\napp_done_total 11\\n' > /www/metrics"
            + " && echo 'Active connections: 12' > /www/status"
            + " && exec httpd -f -p 8080 -h /www";

    private final List<String> started = new ArrayList<>();

    @AfterEach
    void removeContainers() {
        for (String name : started) {
            try {
                docker(DOCKER, "rm", "-f", name);
            } catch (IOException e) {
                // Already gone: nothing to clean.
            }
        }
    }

    @Test
    void labelledContainerIsScrapedAndServedEverywhere() throws Exception {
        String name = "appm-" + UUID.randomUUID().toString().substring(0, 8);
        started.add(name);
        long runAt = System.nanoTime();
        String id = docker(DOCKER, "run", "-d", "--name", name,
                "--label", "io.cadvisor.metric.prometheus-test=/etc/collector.json",
                "--label", "io.cadvisor.metric.status=/etc/status.json",
                "-e", "PROM_CFG=" + PROMETHEUS_CONFIG, "-e", "STATUS_CFG=" + STATUS_CONFIG,
                IMAGE, "sh", "-c", SERVE).trim();
        String container = "/docker/" + id;

        // custom_metrics of the v1 samples
        Await.until(WAIT, () -> latestCustom(id).path("active_connections").size() > 0
                && latestCustom(id).path("app_jobs").size() > 0);
        System.out.printf("custom_metrics served %d ms after docker run%n", (System.nanoTime() - runAt) / 1_000_000);
        JsonNode custom = latestCustom(id);
        JsonNode jobs = custom.path("app_jobs").get(0);
        assertThat(jobs.path("float_value").asDouble()).isEqualTo(3.0);
        assertThat(jobs.path("labels").path("queue").asText()).isEqualTo("a \"b\"");
        assertThat(jobs.path("label").asText()).isEqualTo("__name__=app_jobs\uFFFDqueue=a \"b\"");
        assertThat(custom.path("app_done_total").get(0).path("float_value").asDouble()).isEqualTo(11.0);
        assertThat(custom.path("active_connections").get(0).path("int_value").asLong()).isEqualTo(12);
        assertThat(custom.path("active_connections").get(0).has("float_value")).isFalse();

        // v2 spec and stats
        JsonNode spec = getJson("/api/v2.0/spec/" + name + "?type=docker").path(container);
        assertThat(spec.path("has_custom_metrics").asBoolean()).isTrue();
        assertThat(spec.path("custom_metrics").toString())
                .contains("{\"name\":\"app_jobs\",\"type\":\"gauge\",\"format\":\"float\",\"units\":\"\"}")
                .contains("{\"name\":\"app_done_total\",\"type\":\"cumulative\",\"format\":\"float\",\"units\":\"\"}")
                .contains("{\"name\":\"active_connections\",\"type\":\"gauge\",\"format\":\"int\","
                        + "\"units\":\"connections\"}");
        JsonNode v21 = getJson("/api/v2.1/stats/" + name + "?type=docker&count=1").path(container);
        assertThat(v21.path("stats").get(0).path("custom_metrics").path("app_jobs").get(0).path("float_value")
                .asDouble()).isEqualTo(3.0);

        // appmetrics: keyed by the requested name, then metric, then the legacy label
        JsonNode app = getJson("/api/v2.0/appmetrics/" + name + "?type=docker&count=5");
        assertThat(app.has("/" + name)).as(app.toString()).isTrue();
        JsonNode byLabel = app.path("/" + name).path("app_jobs");
        assertThat(byLabel.path("__name__=app_jobs\uFFFDqueue=a \"b\"").get(0).path("float_value").asDouble())
                .isEqualTo(3.0);
        assertThat(app.path("/" + name).path("active_connections").path("").get(0).path("int_value").asLong())
                .isEqualTo(12);

        // /metrics: dynamic gauges with app_* labels and no timestamp
        String metrics = scrape();
        assertThat(metrics).contains("# HELP app_jobs Custom application metric.\n# TYPE app_jobs gauge\n");
        assertThat(sampleLine(metrics, "app_jobs", id)).contains("app_queue=\"a \\\"b\\\"\"").endsWith("} 3.0");
        assertThat(sampleLine(metrics, "active_connections", id)).endsWith("} 12.0");
        assertThat(PromtoolSupport.check(metrics)).isEmpty();

        // The served values move, and so do ours.
        docker(DOCKER, "exec", name, "sh", "-c",
                "printf 'app_jobs{queue=\"a \\\\\"b\\\\\"\"} 8\\n' > /www/metrics.new && mv /www/metrics.new /www/metrics"
                + " && echo 'Active connections: 40' > /www/status");
        Duration moved = Await.until(WAIT, () -> latestCustom(id).path("app_jobs").path(0).path("float_value")
                .asDouble() == 8.0 && latestCustom(id).path("active_connections").path(0).path("int_value").asLong() == 40);
        System.out.printf("new values served %d ms after the files changed%n", moved.toMillis());
        Await.until(WAIT, () -> sampleLine(scrape(), "app_jobs", id).endsWith("} 8.0"));
    }

    /** The newest sample's custom metrics; missing while the agent does not serve the container yet. */
    private static JsonNode latestCustom(String id) {
        try {
            Response r = given().get("/api/v1.3/docker/" + id);
            if (r.statusCode() == 404) {
                return JSON.missingNode();
            }
            JsonNode stats = getJson("/api/v1.3/docker/" + id).elements().next().path("stats");
            return stats.size() == 0 ? JSON.missingNode() : stats.get(stats.size() - 1).path("custom_metrics");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String scrape() {
        return given().get("/metrics").then().statusCode(200).extract().asString();
    }

    /** The one series of {@code family} for the container, without its trailing newline; "" when absent. */
    private static String sampleLine(String exposition, String family, String id) {
        Matcher m = Pattern.compile("(?m)^" + family + "\\{[^\\n]*id=\"/docker/" + id + "\"[^\\n]*$").matcher(exposition);
        return m.find() ? m.group() : "";
    }

    private static String docker(String... argv) throws IOException {
        return Commands.run(List.of(argv));
    }
}
