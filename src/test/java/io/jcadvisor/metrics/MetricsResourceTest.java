package io.jcadvisor.metrics;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.config.DecoderConfig;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
@TestProfile(FixtureSourceProfile.class)
class MetricsResourceTest {

    @Test
    void curlGetsTextFormat004WithContainerAndJvmFamilies() {
        Response r = given().header("Accept", "*/*").get("/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.contentType()).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
        String body = r.asString();
        assertThat(body).contains("# TYPE container_cpu_usage_seconds_total counter")
                .contains("container_memory_working_set_bytes{")
                .contains("machine_cpu_cores{")
                .contains("cadvisor_version_info{")
                .contains("jvm_memory_used_bytes")
                .contains("process_cpu_usage")
                .contains("jcadvisor_metrics_dropped_label_names_total");
        ExpositionChecker.parse(body);
    }

    @Test
    void realScrapePassesPromtool() throws IOException {
        String body = given().get("/metrics").asString();
        assertThat(PromtoolSupport.check(body)).isEmpty();
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
    void micrometerStaysAtQMetrics() {
        assertThat(given().get("/q/metrics").asString()).contains("jvm_").doesNotContain("container_cpu_usage");
    }
}
