package io.jcadvisor.metrics;

import io.jcadvisor.info.v1.ContainerReference;
import io.jcadvisor.info.v1.ContainerSpec;
import io.jcadvisor.info.v1.ContainerStats;
import io.jcadvisor.info.v1.CpuCfs;
import io.jcadvisor.info.v1.CpuSchedstat;
import io.jcadvisor.info.v1.CpuStats;
import io.jcadvisor.info.v1.CpuUsage;
import io.jcadvisor.info.v1.Health;
import io.jcadvisor.info.v1.MachineInfo;
import io.jcadvisor.info.v1.PsiStats;
import io.jcadvisor.manager.ContainerSnapshot;
import io.jcadvisor.manager.ContainerSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

class ContainerLabelsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "com.example.tier|container_label_com_example_tier",
        "io.kubernetes.pod.name|container_label_io_kubernetes_pod_name",
        "9lives|container_label_9lives",
        "a-b/c d|container_label_a_b_c_d",
        "naïve|container_label_na_ve",
        "emoji😀x|container_label_emoji_x",
        "Mixed_Case|container_label_Mixed_Case"})
    void labelNamesAreSanitisedLikeUpstream(String raw, String expected) {
        assertThat(LabelSanitizer.name("container_label_", raw)).isEqualTo(expected);
    }

    @Test
    void valuesAreCutWithoutSplittingASurrogatePair() {
        assertThat(LabelSanitizer.value("abcdef", 4)).isEqualTo("abcd");
        assertThat(LabelSanitizer.value("abc😀", 4)).isEqualTo("abc");
        assertThat(LabelSanitizer.value(null, 4)).isEmpty();
    }

    @Test
    void everySeriesOfAFamilyCarriesTheUnionOfLabelNames() throws IOException {
        List<ExpositionChecker.Sample> samples = ExpositionChecker.parse(MetricsGoldenTest.scrape(
                MetricsGoldenTest.DEFAULTS, LabelPolicy.DEFAULT, new MetricsFixture(), ScrapeOptions.ALL, false));
        Set<String> base = Set.of("container_env_foo", "container_label_app", "container_label_com_example_tier", "id",
                "image", "name");
        for (ExpositionChecker.Sample s : samples) {
            if (s.name().startsWith("container_") && !s.name().equals("container_scrape_error")) {
                assertThat(s.labels().keySet()).as(s.name()).containsAll(base);
            }
        }
        assertThat(samples).filteredOn(s -> "/system.slice".equals(s.labels().get("id")))
                .allSatisfy(s -> assertThat(s.labels().get("container_label_app")).isEmpty());
    }

    @Test
    void allowlistRemovesExactlyTheOtherContainerLabels() throws IOException {
        LabelPolicy allowlist = new LabelPolicy(false, Set.of("app"), 200, 1024);
        Set<String> all = labelNames(LabelPolicy.DEFAULT);
        Set<String> allowed = labelNames(allowlist);
        Set<String> removed = new TreeSet<>(all);
        removed.removeAll(allowed);
        assertThat(removed).containsExactly("container_label_com_example_tier");
        // Head keeps container_env_* in this mode (docs/metrics.md §3 rule 6).
        assertThat(allowed).contains("container_env_foo", "container_label_app", "id", "name", "image");
    }

    @Test
    void noStoredLabelsAndNoAllowlistLeavesIdNameImageAndEnv() throws IOException {
        assertThat(labelNames(new LabelPolicy(false, Set.of(), 200, 1024))).doesNotContain("container_label_app",
                "container_label_com_example_tier").contains("container_env_foo", "id", "name", "image");
    }

    private static Set<String> labelNames(LabelPolicy policy) throws IOException {
        Set<String> names = new TreeSet<>();
        for (ExpositionChecker.Sample s : ExpositionChecker.parse(MetricsGoldenTest.scrape(MetricsGoldenTest.DEFAULTS,
                policy, new MetricsFixture(), ScrapeOptions.ALL, false))) {
            if (s.name().equals("container_memory_usage_bytes")) {
                names.addAll(s.labels().keySet());
            }
        }
        return names;
    }

    @Test
    void forbiddenCharactersHugeValuesAndThousandsOfLabelsStayValidAndBounded() throws IOException {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("quote\"key", "value with \"quotes\"");
        labels.put("new\nline", "line1\nline2");
        labels.put("back\\slash", "C:\\path\\");
        labels.put("ünïcödé", "välüe ✓ 😀");
        labels.put("1leading-digit", "x");
        labels.put("", "empty key");
        labels.put("huge", "x".repeat(1 << 20));
        for (int i = 0; i < 5000; i++) {
            labels.put("bulk.label." + i, "v" + i);
        }
        ContainerSource source = MetricsFixture.with(List.of(hostile(labels)));
        MetricsScraper scraper = new MetricsScraper(MetricsGoldenTest.DEFAULTS, LabelPolicy.DEFAULT,
                Clock.fixed(MetricsFixture.SCRAPE_TIME, ZoneOffset.UTC), MetricsGoldenTest.VERSION, null);
        StringWriter out = new StringWriter();
        scraper.write(out, source, ScrapeOptions.ALL, false);
        String text = out.toString();

        List<ExpositionChecker.Sample> samples = ExpositionChecker.parse(text);
        ExpositionChecker.Sample usage = samples.stream()
                .filter(s -> s.name().equals("container_memory_usage_bytes") && s.labels().get("id").equals("/hostile"))
                .findFirst().orElseThrow();
        // 200 dynamic names (the fixture's 3 shared ones win: carried by most containers) + id, image, name.
        assertThat(usage.labels()).hasSize(203);
        assertThat(usage.labels()).containsKeys("container_label_app", "container_env_foo");
        assertThat(usage.labels().values()).allSatisfy(v -> assertThat(v.length()).isLessThanOrEqualTo(1024));
        assertThat(scraper.droppedLabelNames()).isEqualTo(5007 + 3 - 200);
        assertThat(text.getBytes(StandardCharsets.UTF_8).length).isLessThan(8 << 20);
        Map<String, String> values = new HashMap<>(usage.labels());
        if (values.containsKey("container_label_quote_key")) {
            assertThat(values.get("container_label_quote_key")).isEqualTo("value with \"quotes\"");
        }
        assertThat(PromtoolSupport.check(text)).isEmpty();
    }

    @Test
    void escapedValuesRoundTrip() throws IOException {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("quote\"key", "value with \"quotes\"");
        labels.put("new\nline", "line1\nline2");
        labels.put("back\\slash", "C:\\path\\");
        labels.put("ünïcödé", "välüe ✓ 😀");
        ContainerSource source = new ContainerSource() {
            /** Fixed contents: nothing to refresh. */
            @Override
            public void refreshOlderThan(java.util.Collection<String> names, java.time.Duration maxAge) {
            }

            @Override
            public MachineInfo machineInfo() {
                return new MetricsFixture().machineInfo();
            }

            @Override
            public List<ContainerSnapshot> containers() {
                return List.of(hostile(labels));
            }
        };
        MetricsScraper scraper = new MetricsScraper(MetricsGoldenTest.DEFAULTS, LabelPolicy.DEFAULT,
                Clock.fixed(MetricsFixture.SCRAPE_TIME, ZoneOffset.UTC), MetricsGoldenTest.VERSION, null);
        StringWriter out = new StringWriter();
        scraper.write(out, source, ScrapeOptions.ALL, false);
        ExpositionChecker.Sample s = ExpositionChecker.parse(out.toString()).stream()
                .filter(x -> x.name().equals("container_last_seen")).findFirst().orElseThrow();
        assertThat(s.labels()).containsEntry("container_label_quote_key", "value with \"quotes\"")
                .containsEntry("container_label_new_line", "line1\nline2")
                .containsEntry("container_label_back_slash", "C:\\path\\")
                .containsEntry("container_label__n_c_d_", "välüe ✓ 😀");
        assertThat(PromtoolSupport.check(out.toString())).isEmpty();
    }

    static ContainerSnapshot hostile(Map<String, String> labels) {
        ContainerSpec spec = MetricsFixture.spec(MetricsFixture.STATS_TIME, null, false, null, null, Map.of(), "img");
        ContainerStats stats = new ContainerStats(MetricsFixture.STATS_TIME, new CpuStats(new CpuUsage(1, null, 1, 0),
                CpuCfs.ZERO, CpuSchedstat.ZERO, 0, 0, PsiStats.ZERO), null, MetricsFixture.memory(), Map.of(), null,
                List.of(), null, null, 0, null, null, 0, Health.NONE);
        return new ContainerSnapshot(new ContainerReference("hostile", "/hostile", List.of("hostile"), "docker"), spec,
                labels, stats);
    }
}
