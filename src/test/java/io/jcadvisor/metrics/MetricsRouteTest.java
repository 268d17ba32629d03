package io.jcadvisor.metrics;

import java.net.URL;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.config.DecoderConfig;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

@QuarkusTest
@TestProfile(FixtureSourceProfile.class)
class MetricsRouteTest {

    @Test
    void curlGetsTextFormat004WithContainerAndTheAgentsOwnFamilies() {
        Response r = given().header("Accept", "*/*").get("/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.contentType()).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
        String body = r.asString();
        assertThat(body).contains("# TYPE container_cpu_usage_seconds_total counter")
                .contains("container_memory_working_set_bytes{")
                .contains("machine_cpu_cores{")
                .contains("cadvisor_version_info{")
                .contains("# TYPE process_cpu_seconds_total counter\nprocess_cpu_seconds_total ")
                .contains("# TYPE jcadvisor_metrics_dropped_label_names_total counter\n"
                        + "jcadvisor_metrics_dropped_label_names_total 0.0\n")
                // Micrometer's families are served at /q/metrics only (docs/metrics.md §8)
                .doesNotContain("jvm_memory_used_bytes")
                .doesNotContain("process_cpu_usage");
        ExpositionChecker.parse(body);
    }

    @Test
    void realScrapePassesPromtool() throws IOException {
        String body = given().get("/metrics").asString();
        assertThat(PromtoolSupport.check(body)).isEmpty();
    }

    @Test
    void standardProcessFamiliesDescribeTheAgentsOwnProcess() throws IOException {
        // @QuarkusTest serves from this very JVM, so /proc/self here is the agent's process.
        String body = given().get("/metrics").asString();
        Map<String, Double> v = unlabelledSamples(body);
        assertThat(body).contains(
                "# HELP process_cpu_seconds_total Total user and system CPU time spent in seconds.\n"
                        + "# TYPE process_cpu_seconds_total counter\n",
                "# HELP process_open_fds Number of open file descriptors.\n# TYPE process_open_fds gauge\n",
                "# HELP process_max_fds Maximum number of open file descriptors.\n# TYPE process_max_fds gauge\n",
                "# HELP process_resident_memory_bytes Resident memory size in bytes.\n",
                "# HELP process_virtual_memory_bytes Virtual memory size in bytes.\n",
                "# HELP process_virtual_memory_max_bytes Maximum amount of virtual memory available in bytes.\n",
                "# HELP process_start_time_seconds Start time of the process since unix epoch in seconds.\n"
                        + "# TYPE process_start_time_seconds gauge\n");
        assertThat(body.split("# TYPE process_start_time_seconds ", -1)).as("one start-time family").hasSize(2);

        List<String> limits = Files.readAllLines(Path.of("/proc/self/limits"));
        assertThat(v.get("process_max_fds")).isEqualTo(softLimit(limits, "Max open files"));
        assertThat(v.get("process_virtual_memory_max_bytes")).isEqualTo(softLimit(limits, "Max address space"));
        assertThat(v.get("process_open_fds")).isPositive().isLessThanOrEqualTo(v.get("process_max_fds"));

        double rss = statusKib("VmRSS") * 1024;
        assertThat(v.get("process_resident_memory_bytes")).isBetween(rss * 0.5, rss * 1.5);
        double vsize = statusKib("VmSize") * 1024;
        assertThat(v.get("process_virtual_memory_bytes")).isBetween(vsize * 0.5, vsize * 1.5)
                .isGreaterThan(v.get("process_resident_memory_bytes"));

        String[] stat = Files.readString(Path.of("/proc/self/stat")).substring(
                Files.readString(Path.of("/proc/self/stat")).lastIndexOf(')') + 2).split(" ");
        double cpuNow = (Long.parseLong(stat[11]) + Long.parseLong(stat[12])) / 100.0;
        assertThat(v.get("process_cpu_seconds_total")).isPositive().isLessThanOrEqualTo(cpuNow);

        long btime = Files.readAllLines(Path.of("/proc/stat")).stream().filter(l -> l.startsWith("btime "))
                .mapToLong(l -> Long.parseLong(l.substring(6).strip())).findFirst().orElseThrow();
        double started = btime + Long.parseLong(stat[19]) / 100.0;
        assertThat(v.get("process_start_time_seconds")).isCloseTo(started, within(5.0));
    }

    /** Name → value of the samples without labels ({@code process_open_fds 57.0}). */
    private static Map<String, Double> unlabelledSamples(String body) {
        Map<String, Double> values = new HashMap<>();
        for (String line : body.split("\n")) {
            String[] parts = line.split(" ");
            if (!line.startsWith("#") && parts.length == 2 && !parts[0].contains("{")) {
                values.put(parts[0], Double.parseDouble(parts[1]));
            }
        }
        return values;
    }

    private static double softLimit(List<String> limits, String row) {
        String soft = limits.stream().filter(l -> l.startsWith(row + " ")).findFirst().orElseThrow()
                .substring(row.length()).trim().split("\\s+")[0];
        return soft.equals("unlimited") ? -1 : Double.parseDouble(soft);
    }

    private static double statusKib(String key) throws IOException {
        return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith(key + ":"))
                .mapToDouble(l -> Double.parseDouble(l.substring(key.length() + 1).trim().split("\\s+")[0]))
                .findFirst().orElseThrow();
    }

    @Test
    void openMetricsOnlyWhenAsked() {
        Response r = given().header("Accept", "application/openmetrics-text; version=1.0.0,text/plain;q=0.5")
                .get("/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("application/openmetrics-text; version=1.0.0");
        assertThat(r.asString()).endsWith("# EOF\n");
        assertThat(given().header("Accept", "text/plain").get("/metrics").contentType())
                .startsWith("text/plain; version=0.0.4");
    }

    @Test
    void gzipWhenAccepted() throws IOException {
        Response r = given().config(RestAssured.config().decoderConfig(DecoderConfig.decoderConfig().noContentDecoders()))
                .header("Accept-Encoding", "gzip").get("/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.header("Content-Encoding")).isEqualTo("gzip");
        byte[] zipped = r.asByteArray();
        String text;
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(zipped))) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(text).contains("container_cpu_usage_seconds_total{");
        assertThat(zipped.length).isLessThan(text.length() / 3);
    }

    @Test
    void typeDockerFiltersTheNamespace() {
        String body = given().queryParam("type", "docker").queryParam("count", "1").queryParam("recursive", "true")
                .get("/metrics").asString();
        assertThat(body).contains("name=\"spec2-limited\"").doesNotContain("id=\"/system.slice\"")
                .doesNotContain("id=\"/\"");
    }

    @Test
    void badParameterIs400NamingIt() {
        Response r = given().queryParam("max_age", "soon").get("/metrics");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.contentType()).startsWith("text/plain");
        assertThat(r.asString()).startsWith("bad parameter max_age=\"soon\"");
        assertThat(given().queryParam("type", "pods").get("/metrics").statusCode()).isEqualTo(400);
    }

    @Test
    void anAnswerThatFitsOneBufferGoesOutWithItsLengthALongerOneChunked() {
        // the fixture host's exposition is 65 KB, four 16 KiB chunks (FixtureSourceProfile); gzipped, 7 KB
        Response gzipped = given().header("Accept-Encoding", "gzip").get("/metrics");
        assertThat(gzipped.statusCode()).isEqualTo(200);
        assertThat(gzipped.header("Content-Encoding")).isEqualTo("gzip");
        assertThat(gzipped.header("Transfer-Encoding")).isNull();
        assertThat(Integer.parseInt(gzipped.header("Content-Length"))).isLessThan(16 * 1024);

        Response plain = given().config(RestAssured.config().decoderConfig(DecoderConfig.decoderConfig().noContentDecoders()))
                .get("/metrics");
        assertThat(plain.header("Content-Encoding")).isNull();
        assertThat(plain.header("Transfer-Encoding")).isEqualTo("chunked");
        String body = plain.asString();
        assertThat(body.length()).isGreaterThan(3 * 16 * 1024);
        assertThat(body).endsWith("\n").contains("# TYPE container_cpu_usage_seconds_total counter",
                "# TYPE process_cpu_seconds_total counter");
        assertThat(body.lines().filter(l -> !l.startsWith("#")).count())
                .isEqualTo(gzipped.asString().lines().filter(l -> !l.startsWith("#")).count());
    }

    @Test
    void headAnswersTheHeadersOnlyAndOptionsAndOtherMethodsSayWhatIsAllowed() {
        Response head = given().header("Accept-Encoding", "gzip").head("/metrics");
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.contentType()).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
        assertThat(head.header("Content-Encoding")).isEqualTo("gzip");
        assertThat(head.asByteArray()).isEmpty();
        assertThat(given().head("/metrics?count=x").statusCode()).isEqualTo(400);

        Response options = given().options("/metrics");
        assertThat(options.statusCode()).isEqualTo(200);
        assertThat(options.header("Allow")).isEqualTo("HEAD, GET, OPTIONS");

        Response post = given().post("/metrics");
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.header("Allow")).isEqualTo("HEAD, GET, OPTIONS");
        assertThat(post.asString()).isEqualTo("Method Not Allowed\n");
    }

    /** Micrometer's registry, on the management interface (its root is /q). */
    @TestHTTPResource(value = "/metrics", management = true)
    URL micrometer;

    @Test
    void micrometerStaysAtQMetricsOnTheManagementPort() {
        assertThat(given().get(micrometer).asString()).contains("jvm_memory_used_bytes", "process_cpu_usage",
                "jcadvisor_metrics_dropped_label_names_total", "process_resident_memory_bytes")
                .doesNotContain("container_cpu_usage");
        assertThat(given().get("/q/metrics").statusCode()).isEqualTo(404);
    }
}
