package io.jcadvisor.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import io.jcadvisor.testing.LiveCgroup;
import io.jcadvisor.testing.PrometheusServer;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real Prometheus (Debian package {@code prometheus}) scrapes the live agent every second from
 * loopback while a real cgroup on this host burns CPU; then its HTTP API must return that cgroup's
 * CPU and working-set series and a positive {@code rate()} of its CPU counter.
 */
@QuarkusTest
class MetricsPrometheusTest {

    @TestHTTPResource("/metrics")
    URL metrics;

    @Test
    void prometheusScrapesAndRatesTheCpuCounter() throws Exception {
        PromtoolSupport.ensureInstalled();
        try (LiveCgroup cgroup = LiveCgroup.create("jcadv-prom")) {
            // Memory is charged to the cgroup a task is in when it allocates: start() moves the shell first.
            cgroup.start("x=$(head -c 4000000 /dev/zero | tr '\\0' a); while :; do :; done");
            String id = "{id=\"" + cgroup.name() + "\"}";
            try (PrometheusServer prometheus = PrometheusServer.scraping(metrics, "jcadvisor")) {
                JsonNode rate = null;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (System.nanoTime() < deadline) {
                    Thread.sleep(1000);
                    JsonNode r = prometheus.query("rate(container_cpu_usage_seconds_total" + id + "[10s]) > 0");
                    if (r != null && r.size() > 0) {
                        rate = r;
                        break;
                    }
                }
                assertThat(rate).as("positive rate() from Prometheus; log: %s", prometheus.logTail()).isNotNull();
                assertThat(rate.get(0).get("metric").get("id").asText()).isEqualTo(cgroup.name());

                JsonNode cpu = prometheus.query("container_cpu_usage_seconds_total" + id);
                JsonNode memory = prometheus.query("container_memory_working_set_bytes" + id);
                assertThat(cpu).isNotNull();
                assertThat(cpu.size()).isGreaterThanOrEqualTo(1);
                assertThat(memory).isNotNull();
                assertThat(memory.size()).isEqualTo(1);
                assertThat(memory.get(0).get("value").get(1).asDouble()).isGreaterThan(0);
                JsonNode up = prometheus.query("up{job=\"jcadvisor\"}");
                assertThat(up.get(0).get("value").get(1).asText()).isEqualTo("1");
            }
        }
    }
}
