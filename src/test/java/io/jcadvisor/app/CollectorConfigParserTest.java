package io.jcadvisor.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CollectorConfigParserTest {

    @Test
    void labelsWithThePrefixDeclareCollectors() {
        Map<String, String> declared = CollectorConfigParser.declared(Map.of(
                "io.cadvisor.metric.prometheus-web", "/etc/web.json",
                "io.cadvisor.metric.nginx", "/etc/nginx.json",
                "io.cadvisor.metric.", "/empty-suffix",
                "io.cadvisor.other", "x",
                "team", "a"));
        assertThat(declared).containsExactly(Map.entry("nginx", "/etc/nginx.json"),
                Map.entry("prometheus-web", "/etc/web.json"));
    }

    @Test
    void prometheusConfigWithEndpointPartsAndFilter() {
        CollectorConfig c = CollectorConfigParser.parse("Prometheus-x", """
                {"endpoint": {"protocol": "http", "port": 8080, "path": "/metrics"},
                 "polling_frequency": 5000000000,
                 "metrics_config": ["a", "b"]}
                """, 100);
        assertThat(c.kind()).isEqualTo(CollectorConfig.Kind.PROMETHEUS);
        assertThat(c.endpoint()).isEqualTo(new CollectorConfig.Endpoint(null, "http", "8080", "/metrics"));
        assertThat(c.pollingFrequency()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.metricNames()).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void prometheusConfigMayBeJustAUrl() {
        CollectorConfig c = CollectorConfigParser.parse("prometheus", "{\"endpoint\": \"http://localhost:9100/metrics\"}",
                100);
        assertThat(c.endpoint().url()).isEqualTo("http://localhost:9100/metrics");
        assertThat(c.metricNames()).isEmpty();
        assertThat(c.pollingFrequency()).isEqualTo(CollectorConfigParser.MIN_POLLING);
    }

    @Test
    void genericConfigTakesTheSmallestDeclaredFrequency() {
        CollectorConfig c = CollectorConfigParser.parse("nginx", """
                {"endpoint": "http://localhost:8000/nginx_status",
                 "metrics_config": [
                   {"name": "activeConnections", "metric_type": "gauge", "units": "number of active connections",
                    "data_type": "int", "polling_frequency": "10s", "regex": "Active connections: ([0-9]+)"},
                   {"name": "reading", "metric_type": "gauge", "units": "n", "data_type": "float",
                    "polling_frequency": 3000000000, "regex": "Reading: ([0-9.]+) .*"}]}
                """, 100);
        assertThat(c.kind()).isEqualTo(CollectorConfig.Kind.GENERIC);
        assertThat(c.pollingFrequency()).isEqualTo(Duration.ofSeconds(3));
        assertThat(c.metrics()).extracting(CollectorConfig.MetricConfig::name)
                .containsExactly("activeConnections", "reading");
        assertThat(c.metrics().get(0).units()).isEqualTo("number of active connections");
    }

    @Test
    void aPlainNumberIsNanosecondsAsInUpstreamAndIsRaisedToOneSecond() {
        CollectorConfig c = CollectorConfigParser.parse("prometheus", """
                {"endpoint": "http://localhost/m", "polling_frequency": 10}""", 100);
        assertThat(c.pollingFrequency()).isEqualTo(Duration.ofSeconds(1));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''|not a JSON object",
        "not json|not JSON",
        "[1,2]|not a JSON object",
        "{}|no endpoint",
        "{\"endpoint\": 7}|neither a URL",
        "{\"endpoint\": \"\"}|empty endpoint",
        "{\"endpoint\": {\"protocol\": \"ftp\", \"port\": 21}}|http or https",
        "{\"endpoint\": {\"protocol\": \"http\", \"port\": \"80; rm\"}}|not a port",
        "{\"endpoint\": {\"protocol\": \"http\", \"port\": 70000}}|not a port",
        "{\"endpoint\": {\"protocol\": \"http\", \"port\": 80, \"path\": \"x\"}}|start with /",
        "{\"endpoint\": \"http://x\", \"metrics_config\": {}}|not a list",
        "{\"endpoint\": \"http://x\", \"metrics_config\": [1]}|lists names",
        "{\"endpoint\": \"http://x\", \"polling_frequency\": \"soon\"}|invalid duration",
        "{\"endpoint\": \"http://x\", \"polling_frequency\": true}|neither nanoseconds",
        "{\"endpoint\": \"http://x\", \"metrics_config\": [\"a\",\"b\",\"c\"]}|too many metrics"})
    void badPrometheusConfigsAreRejectedWithAReason(String json, String reason) {
        assertThatThrownBy(() -> CollectorConfigParser.parse("prometheus", json, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(reason);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"endpoint\": \"http://x\"}",
        "{\"endpoint\": \"http://x\", \"metrics_config\": []}",
        "{\"endpoint\": \"http://x\", \"metrics_config\": [{\"name\": \"a\", \"data_type\": \"int\", \"regex\": \"(\"}]}",
        "{\"endpoint\": \"http://x\", \"metrics_config\": [{\"name\": \"a\", \"data_type\": \"int\", \"regex\": \"x\"}]}",
        "{\"endpoint\": \"http://x\", \"metrics_config\": [{\"name\": \"a\", \"data_type\": \"str\", \"regex\": \"(x)\"}]}",
        "{\"endpoint\": \"http://x\", \"metrics_config\": [{\"data_type\": \"int\", \"regex\": \"(x)\"}]}",
        "{\"endpoint\": \"http://x\", \"metrics_config\": [{\"name\": {\"a\": 1}, \"data_type\": \"int\", \"regex\": \"(x)\"}]}",
        "{\"endpoint\": \"http://x\", \"metrics_config\": [\"a\"]}"})
    void badGenericConfigsAreRejected(String json) {
        assertThatThrownBy(() -> CollectorConfigParser.parse("nginx", json, 100))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aHugeConfigIsRejectedWithoutParsing() {
        String huge = "{\"endpoint\": \"" + "x".repeat(CollectorConfigParser.MAX_CONFIG_BYTES) + "\"}";
        assertThatThrownBy(() -> CollectorConfigParser.parse("prometheus", huge, 100)).hasMessageContaining("larger");
    }
}
