package io.jcadvisor.metrics;

import io.jcadvisor.config.MetricKind;
import io.jcadvisor.info.v1.MachineInfo;
import io.jcadvisor.info.v1.MetricVal;
import io.jcadvisor.manager.ContainerSnapshot;
import io.jcadvisor.manager.ContainerSource;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class AppFamiliesTest {

    private static final Instant T = MetricsFixture.STATS_TIME;

    @Test
    void appMetricsAreUntimestampedGaugesWithAppLabelsAndTheUnionOfLabelNames() throws IOException {
        Map<String, List<MetricVal>> web = new LinkedHashMap<>();
        web.put("http_requests_total", List.of(
                val(Map.of("method", "get", "code", "200"), 1027),
                val(Map.of("method", "post"), 3)));
        web.put("queue_depth", List.of(new MetricVal(null, null, T, 42, 0)));
        web.put("temperature", List.of(val(Map.of(), Double.NaN)));
        Map<String, List<MetricVal>> db = Map.of("http_requests_total", List.of(val(Map.of("path", "/x"), 1)));

        String text = scrape(DEFAULTS(), withApps(Map.of("web", web, "db", db)));
        assertThat(text).contains("# HELP http_requests_total Custom application metric.\n"
                + "# TYPE http_requests_total gauge\n");
        List<ExpositionChecker.Sample> reqs = ExpositionChecker.parse(text).stream()
                .filter(s -> s.name().equals("http_requests_total")).toList();
        assertThat(reqs).hasSize(3).allSatisfy(s -> {
            assertThat(s.timestamp()).isNull();
            assertThat(s.labels()).containsKeys("app_method", "app_code", "app_path", "id", "name", "image",
                    "container_label_app");
        });
        ExpositionChecker.Sample post = reqs.stream().filter(s -> "post".equals(s.labels().get("app_method")))
                .findFirst().orElseThrow();
        assertThat(post.labels()).containsEntry("app_code", "").containsEntry("app_path", "")
                .containsEntry("id", "/docker/web");
        assertThat(post.value()).isEqualTo("3.0");
        // An int metric exports its int value (upstream writes the float value, 0).
        assertThat(text).containsPattern("queue_depth\\{[^}]*id=\"/docker/web\"[^}]*} 42.0\n");
        assertThat(text).containsPattern("temperature\\{[^}]*} NaN\n");
        assertThat(PromtoolSupport.check(text)).isEmpty();
    }

    @Test
    void hostileNamesAreDroppedOrSanitisedAndTheScrapeStaysValid() throws IOException {
        Map<String, List<MetricVal>> evil = new LinkedHashMap<>();
        evil.put("bad name{x=\"1\"} 1\n# TYPE injected gauge\ninjected", List.of(val(Map.of(), 1)));
        evil.put("9starts_with_digit", List.of(val(Map.of(), 1)));
        evil.put("", List.of(val(Map.of(), 1)));
        evil.put("container_memory_usage_bytes", List.of(val(Map.of(), 1)));
        evil.put("container_cpu_usage_seconds", List.of(val(Map.of(), 1)));
        evil.put("cadvisor_version_info", List.of(val(Map.of(), 1)));
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("quote\"key\n# TYPE x", "value \"with\"\nnewline\\");
        labels.put("a.b", "first");
        labels.put("a-b", "second");
        labels.put("ünï", "x".repeat(5000));
        evil.put("ok:app_metric", List.of(val(labels, 2), val(labels, 3)));

        String text = scrape(DEFAULTS(), withApps(Map.of("evil", evil)));
        assertThat(text).doesNotContain("injected").doesNotContain("9starts_with_digit")
                .doesNotContain("container_cpu_usage_seconds{");
        assertThat(text).doesNotContainPattern("(?m)^container_memory_usage_bytes\\{[^}]*id=\"/docker/evil\"[^}]*} 1.0$");
        List<ExpositionChecker.Sample> ok = ExpositionChecker.parse(text).stream()
                .filter(s -> s.name().equals("ok:app_metric")).toList();
        // Same label values twice: the second series is dropped.
        assertThat(ok).hasSize(1);
        assertThat(ok.get(0).labels()).containsEntry("app_quote_key___TYPE_x", "value \"with\"\nnewline\\")
                .containsEntry("app_a_b", "second").containsKey("app__n_");
        assertThat(ok.get(0).labels().get("app__n_")).hasSize(1024);
        assertThat(PromtoolSupport.check(text)).isEmpty();
        StringWriter om = new StringWriter();
        new MetricsScraper(DEFAULTS(), LabelPolicy.DEFAULT, Clock.fixed(MetricsFixture.SCRAPE_TIME, ZoneOffset.UTC),
                MetricsGoldenTest.VERSION, null).write(om, withApps(Map.of("evil", evil)), ScrapeOptions.ALL, true);
        assertThat(om.toString()).contains("# TYPE ok:app_metric gauge").endsWith("# EOF\n");
    }

    @Test
    void withoutTheAppGroupThereAreNoAppFamilies() throws IOException {
        Set<MetricKind> kinds = EnumSet.copyOf(DEFAULTS());
        kinds.remove(MetricKind.APP);
        String text = scrape(kinds, withApps(Map.of("web", Map.of("queue_depth", List.of(val(Map.of(), 1))))));
        assertThat(text).doesNotContain("queue_depth");
    }

    private static Set<MetricKind> DEFAULTS() {
        assertThat(MetricsGoldenTest.DEFAULTS).contains(MetricKind.APP);
        return MetricsGoldenTest.DEFAULTS;
    }

    private static MetricVal val(Map<String, String> labels, double v) {
        return new MetricVal("", labels, T, 0, v);
    }

    private static String scrape(Set<MetricKind> kinds, ContainerSource source) throws IOException {
        StringWriter out = new StringWriter();
        new MetricsScraper(kinds, LabelPolicy.DEFAULT, Clock.fixed(MetricsFixture.SCRAPE_TIME, ZoneOffset.UTC),
                MetricsGoldenTest.VERSION, null).write(out, source, ScrapeOptions.ALL, false);
        return out.toString();
    }

    /** The fixture's containers plus one docker container per entry, carrying those custom metrics. */
    private static ContainerSource withApps(Map<String, Map<String, List<MetricVal>>> apps) {
        List<ContainerSnapshot> extra = new ArrayList<>();
        apps.forEach((name, metrics) -> {
            ContainerSnapshot base = ContainerLabelsTest.hostile(Map.of("app", name));
            extra.add(new ContainerSnapshot(new io.jcadvisor.info.v1.ContainerReference(name, "/docker/" + name,
                    List.of(name), "docker"), base.spec(), base.labels(), base.latest().withCustomMetrics(metrics)));
        });
        return MetricsFixture.with(extra);
    }
}
