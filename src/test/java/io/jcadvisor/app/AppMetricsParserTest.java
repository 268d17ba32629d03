package io.jcadvisor.app;

import io.jcadvisor.info.v1.MetricSpec;
import io.jcadvisor.info.v1.MetricVal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AppMetricsParserTest {

    private static final Instant NOW = Instant.parse("2026-11-27T02:00:00Z");

    @Test
    void prometheusSamplesBecomeFloatValuesWithLabelsAndTheLegacyLabel() throws Exception {
        AppMetricsParser.Result r = AppMetricsParser.prometheus(PrometheusTextParser.parse("""
                # TYPE reqs counter
                reqs{path="/a",code="200"} 5 1700000000000
                # TYPE temp gauge
                temp 21.5
                # TYPE lat histogram
                lat_bucket{le="+Inf"} 2
                lat_sum 0.5
                lat_count 2
                free 3
                """), Set.of(), NOW);
        MetricVal reqs = r.values().get("reqs").get(0);
        assertThat(reqs.floatValue()).isEqualTo(5);
        assertThat(reqs.intValue()).isZero();
        assertThat(reqs.labels()).containsOnly(Map.entry("path", "/a"), Map.entry("code", "200"));
        assertThat(reqs.label()).isEqualTo("__name__=reqs\uFFFDcode=200\uFFFDpath=/a");
        assertThat(reqs.timestamp()).isEqualTo(Instant.ofEpochMilli(1700000000000L));
        assertThat(r.values().get("temp").get(0).timestamp()).isEqualTo(NOW);
        assertThat(r.values()).containsOnlyKeys("reqs", "temp", "lat_bucket", "lat_sum", "lat_count", "free");
        assertThat(r.specs()).containsExactly(new MetricSpec("reqs", "cumulative", "float", ""),
                new MetricSpec("temp", "gauge", "float", ""), new MetricSpec("lat", "HISTOGRAM", "float", ""),
                new MetricSpec("free", "UNTYPED", "float", ""));
    }

    @Test
    void theFilterKeepsNamedFamiliesOrSamples() throws Exception {
        List<PrometheusTextParser.Family> families = PrometheusTextParser.parse("""
                # TYPE lat histogram
                lat_bucket{le="+Inf"} 2
                lat_count 2
                a 1
                b 2
                """);
        assertThat(AppMetricsParser.prometheus(families, Set.of("lat", "b"), NOW).values())
                .containsOnlyKeys("lat_bucket", "lat_count", "b");
        assertThat(AppMetricsParser.prometheus(families, Set.of("lat_count"), NOW).values()).containsOnlyKeys("lat_count");
    }

    @Test
    void regexMetricsReadTheFirstGroupAsIntOrFloat() {
        List<CollectorConfig.MetricConfig> metrics = List.of(
                new CollectorConfig.MetricConfig("active", "gauge", "conns", "int", Pattern.compile("Active connections: ([0-9]+)")),
                new CollectorConfig.MetricConfig("load", "gauge", "", "float", Pattern.compile("load=\\s*([-0-9.e]+)")),
                new CollectorConfig.MetricConfig("missing", "gauge", "", "int", Pattern.compile("Waiting: ([0-9]+)")),
                new CollectorConfig.MetricConfig("notint", "gauge", "", "int", Pattern.compile("load=\\s*([-0-9.e]+)")));
        List<String> problems = new ArrayList<>();
        Map<String, List<MetricVal>> v = AppMetricsParser.regex("Active connections: 291 \nload= 0.75\n", metrics, NOW,
                problems);
        assertThat(v.get("active")).containsExactly(new MetricVal(null, null, NOW, 291, 0));
        assertThat(v.get("load")).containsExactly(new MetricVal(null, null, NOW, 0, 0.75));
        assertThat(v).doesNotContainKeys("missing", "notint");
        assertThat(problems).hasSize(2);
        assertThat(AppMetricsParser.specs(metrics).get(0)).isEqualTo(new MetricSpec("active", "gauge", "int", "conns"));
    }

    @Test
    void aCatastrophicRegexGivesUpInsteadOfHoldingTheThread() {
        List<CollectorConfig.MetricConfig> evil = List.of(new CollectorConfig.MetricConfig("evil", "gauge", "", "int",
                Pattern.compile("(.*a){20}b")));
        List<String> problems = new ArrayList<>();
        long start = System.nanoTime();
        assertThat(AppMetricsParser.regex("a".repeat(40), evil, NOW, problems)).isEmpty();
        assertThat(System.nanoTime() - start).isLessThan(5_000_000_000L);
        assertThat(problems).singleElement().asString().contains("took too long");
    }

    @Test
    void theCountLimitKeepsTheFirstValues() {
        Map<String, List<MetricVal>> all = new LinkedHashMap<>();
        all.put("a", List.of(val(1), val(2), val(3)));
        all.put("b", List.of(val(4), val(5)));
        all.put("c", List.of(val(6)));
        assertThat(AppMetricsParser.limit(all, 6)).isSameAs(all);
        Map<String, List<MetricVal>> cut = AppMetricsParser.limit(all, 4);
        assertThat(cut).containsOnlyKeys("a", "b");
        assertThat(cut.get("b")).containsExactly(val(4));
        assertThat(AppMetricsParser.count(cut)).isEqualTo(4);
        assertThat(AppMetricsParser.limit(all, 0)).isEmpty();
    }

    private static MetricVal val(double v) {
        return new MetricVal(null, null, NOW, 0, v);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "http://localhost:8080/metrics|http://172.17.0.5:8080/metrics",
        "http://127.0.0.1:9/m?x=1|http://172.17.0.5:9/m?x=1",
        "https://[::1]:8443/m|https://172.17.0.5:8443/m",
        "http://172.17.0.5/status|http://172.17.0.5/status",
        "HTTP://LOCALHOST:1/|http://172.17.0.5:1/"})
    void urlsMayOnlyNameTheContainer(String url, String expected) {
        assertThat(AppMetricsParser.endpoint(new CollectorConfig.Endpoint(url, null, null, null), "172.17.0.5"))
                .hasToString(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "http://169.254.169.254/latest/meta-data|not the container",
        "http://example.com/|not the container",
        "http://localhost.evil.com/|not the container",
        "file:///etc/passwd|not http",
        "gopher://localhost/|not http",
        "http://local host/|not a URL"})
    void otherHostsAreRefused(String url, String reason) {
        assertThatThrownBy(() -> AppMetricsParser.endpoint(new CollectorConfig.Endpoint(url, null, null, null),
                "172.17.0.5")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(reason);
    }

    @Test
    void thePartsFormIsBuiltOnTheContainerIp() {
        CollectorConfig.Endpoint parts = new CollectorConfig.Endpoint(null, "http", "8080", "/metrics");
        assertThat(AppMetricsParser.endpoint(parts, "10.0.0.2")).hasToString("http://10.0.0.2:8080/metrics");
        assertThat(AppMetricsParser.endpoint(parts, "fd00::2")).hasToString("http://[fd00::2]:8080/metrics");
        assertThatThrownBy(() -> AppMetricsParser.endpoint(parts, "")).hasMessageContaining("no IP");
    }
}
