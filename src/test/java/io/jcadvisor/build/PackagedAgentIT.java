package io.jcadvisor.build;

import io.jcadvisor.testing.Await;
import io.jcadvisor.testing.LocalServer;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/**
 * The packaged agent (the jar here, the native binary where {@code -Dnative} builds one) started on
 * its production profile against this real host: host root {@code /}, live cgroups. The application
 * runs in its own process, so nothing is injected; the expected values come from the host itself.
 */
@QuarkusIntegrationTest
@TestProfile(PackagedAgentIT.FreeManagementPort.class)
class PackagedAgentIT {

    /**
     * The launcher of {@code @QuarkusIntegrationTest} passes a test port for the main interface only:
     * the management interface gets a free port here, handed to the agent as a config override.
     */
    public static class FreeManagementPort implements QuarkusTestProfile {
        static final int PORT = freePort();

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.management.port", String.valueOf(PORT));
        }

        private static int freePort() {
            try {
                return LocalServer.freePort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The probes and Micrometer's registry are on the management interface, never on the main port. */
    private static String management(String path) {
        return "http://localhost:" + FreeManagementPort.PORT + path;
    }

    @Test
    void healthzAnswersOk() {
        given().get("/healthz").then().statusCode(200).body(equalTo("ok"));
    }

    @Test
    void machineReportsTheLiveHostsCores() throws IOException {
        long processors = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                .filter(l -> l.startsWith("processor")).count();
        JsonPath machine = given().get("/api/v2.1/machine").then().statusCode(200)
                .contentType(startsWith("application/json")).extract().jsonPath();
        assertThat(machine.getLong("num_cores")).isEqualTo(processors);
        assertThat(machine.getLong("memory_capacity")).isPositive();
        assertThat(machine.getString("machine_id")).isNotBlank();
    }

    @Test
    void rootContainerHasStats() {
        // The first sample is taken by housekeeping shortly after start-up.
        Await.until(Duration.ofSeconds(30), () -> !rootStats().isEmpty());
        List<Map<String, Object>> stats = rootStats();
        Map<String, Object> latest = stats.get(stats.size() - 1);
        assertThat(latest).containsKeys("timestamp", "cpu", "memory");
        JsonPath root = given().get("/api/v1.0/containers/").then().extract().jsonPath();
        assertThat(root.getString("name")).isEqualTo("/");
        assertThat(root.getList("subcontainers")).isNotEmpty();
    }

    @Test
    void jvmMetricsAreServedAsPrometheusText() {
        // The text format a Prometheus scraper asks for; without it Micrometer answers OpenMetrics.
        Response r = given().accept("text/plain").get(management("/q/metrics"));
        r.then().statusCode(200).contentType(startsWith("text/plain"));
        assertThat(r.asString()).contains("# TYPE jvm_memory_used_bytes gauge");
    }

    @Test
    void containerMetricsAreServedAsPrometheusText() {
        Response r = given().accept("text/plain").get("/metrics");
        r.then().statusCode(200).contentType(startsWith("text/plain"));
        assertThat(r.asString()).contains("container_cpu_usage_seconds_total{", "machine_cpu_cores",
                "cadvisor_version_info{");
    }

    @Test
    void readinessAndLivenessAreUp() {
        // The DaemonSet's probes (kubernetes/daemonset.yaml) use exactly these paths, on the management port.
        given().get(management("/q/health/live")).then().statusCode(200).body("status", equalTo("UP"));
        Await.until(Duration.ofSeconds(30),
                () -> RestAssured.get(management("/q/health/ready")).statusCode() == 200);
        given().get(management("/q/health/ready")).then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void validateReportsTheHost() {
        Response r = given().get("/validate/");
        r.then().statusCode(200).contentType(startsWith("text/plain"));
        assertThat(r.asString()).contains("cAdvisor version", "Cgroup");
    }

    private static List<Map<String, Object>> rootStats() {
        Response r = given().get("/api/v1.0/containers/");
        assertThat(r.statusCode()).isEqualTo(200);
        List<Map<String, Object>> stats = r.jsonPath().getList("stats");
        return stats == null ? List.of() : stats;
    }
}
