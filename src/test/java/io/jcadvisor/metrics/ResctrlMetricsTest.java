package io.jcadvisor.metrics;

import io.jcadvisor.config.MetricKind;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The resctrl families (docs/metrics.md §5.15): one gauge per L3 domain, {@code node_id} its index. */
class ResctrlMetricsTest {

    private static final List<String> FAMILIES = List.of("container_memory_bandwidth_bytes",
            "container_memory_bandwidth_local_bytes", "container_llc_occupancy_bytes");

    private static List<ExpositionChecker.Sample> samples(Set<MetricKind> kinds) throws IOException {
        return ExpositionChecker.parse(MetricsGoldenTest.scrape(kinds, LabelPolicy.DEFAULT, new MetricsFixture(),
                ScrapeOptions.ALL, false)).stream().filter(s -> FAMILIES.contains(s.name())).toList();
    }

    @Test
    void oneSeriesPerDomainWithTheSampleTimestamp() throws IOException {
        List<ExpositionChecker.Sample> samples = samples(EnumSet.of(MetricKind.RESCTRL));
        assertThat(samples).extracting(s -> s.name() + "{node_id=" + s.labels().get("node_id") + "} " + s.value())
                .containsExactlyInAnyOrder(
                        "container_memory_bandwidth_bytes{node_id=0} 3.096457216E9",
                        "container_memory_bandwidth_bytes{node_id=1} 1.245184E9",
                        "container_memory_bandwidth_local_bytes{node_id=0} 2.048E9",
                        "container_memory_bandwidth_local_bytes{node_id=1} 0.0",
                        "container_llc_occupancy_bytes{node_id=0} 1441792.0",
                        "container_llc_occupancy_bytes{node_id=1} 983040.0");
        assertThat(samples).allSatisfy(s -> {
            assertThat(s.labels()).containsEntry("id", "/docker/" + MetricsFixture.DOCKER_ID);
            assertThat(s.timestamp()).isEqualTo(Long.toString(MetricsFixture.STATS_TIME.toEpochMilli()));
        });
    }

    @Test
    void containersWithEmptyResctrlWriteNothing() throws IOException {
        assertThat(samples(EnumSet.of(MetricKind.RESCTRL))).extracting(s -> s.labels().get("id")).containsOnly(
                "/docker/" + MetricsFixture.DOCKER_ID);
    }

    @Test
    void groupOffWritesNoFamily() throws IOException {
        EnumSet<MetricKind> allButResctrl = EnumSet.allOf(MetricKind.class);
        allButResctrl.remove(MetricKind.RESCTRL);
        assertThat(samples(allButResctrl)).isEmpty();
        String text = MetricsGoldenTest.scrape(MetricsGoldenTest.DEFAULTS, LabelPolicy.DEFAULT, new MetricsFixture(),
                ScrapeOptions.ALL, false);
        assertThat(text).doesNotContain("container_memory_bandwidth").doesNotContain("container_llc_occupancy");
    }
}
