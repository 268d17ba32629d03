package io.jcadvisor.metrics;

import io.jcadvisor.config.MetricKind;
import io.jcadvisor.info.v1.PerfStat;
import io.jcadvisor.info.v1.PerfUncoreStat;
import io.jcadvisor.info.v1.MachineInfo;
import io.jcadvisor.manager.ContainerSnapshot;
import io.jcadvisor.manager.ContainerSource;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringWriter;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** The perf_event families (docs/metrics.md §5.14) over the metrics fixture with perf values attached. */
class PerfMetricsTest {

    /** The fixture with two CPUs of two events on the Docker container and uncore values on {@code /}. */
    static final class PerfFixture implements ContainerSource {
        /** Fixed contents: nothing to refresh. */
        @Override
        public void refreshOlderThan(java.util.Collection<String> names, java.time.Duration maxAge) {
        }

        private final MetricsFixture fixture = new MetricsFixture();

        @Override
        public MachineInfo machineInfo() {
            return fixture.machineInfo();
        }

        @Override
        public List<ContainerSnapshot> containers() {
            return fixture.containers().stream().map(c -> {
                if (c.latest() == null) {
                    return c;
                }
                if (c.reference().name().equals("/")) {
                    return new ContainerSnapshot(c.reference(), c.spec(), c.labels(), c.latest().withPerf(List.of(),
                            List.of(new PerfUncoreStat(1.0, 1200, "uncore_imc/cas_count_read/", 0, "uncore_imc_0"),
                                    new PerfUncoreStat(0.5, 800, "uncore_imc/cas_count_read/", 1, "uncore_imc_1"))));
                }
                if (c.reference().name().startsWith("/docker/")) {
                    return new ContainerSnapshot(c.reference(), c.spec(), c.labels(), c.latest().withPerf(List.of(
                            new PerfStat(1.0, 1_000_000, "task-clock", 0), new PerfStat(0.25, 3_000_000, "task-clock", 1),
                            new PerfStat(1.0, 10, "context-switches", 0), new PerfStat(1.0, 5, "context-switches", 1)),
                            List.of()));
                }
                return c;
            }).toList();
        }
    }

    private static String scrape(Set<MetricKind> kinds) throws IOException {
        MetricsScraper scraper = new MetricsScraper(kinds, LabelPolicy.DEFAULT,
                Clock.fixed(MetricsFixture.SCRAPE_TIME, ZoneOffset.UTC), MetricsGoldenTest.VERSION, null);
        StringWriter out = new StringWriter();
        scraper.write(out, new PerfFixture(), ScrapeOptions.ALL, false);
        return out.toString();
    }

    private static List<ExpositionChecker.Sample> samples(Set<MetricKind> kinds, String family) throws IOException {
        return ExpositionChecker.parse(scrape(kinds)).stream().filter(s -> s.name().equals(family)).toList();
    }

    @Test
    void percpuOnWritesOneSeriesPerCpuWithThePlainCpuNumber() throws IOException {
        Set<MetricKind> kinds = EnumSet.of(MetricKind.PERF_EVENT, MetricKind.PERCPU);
        assertThat(samples(kinds, "container_perf_events_total"))
                .extracting(s -> s.labels().get("cpu"), s -> s.labels().get("event"), ExpositionChecker.Sample::value)
                .containsExactlyInAnyOrder(tuple("0", "task-clock", "1000000.0"), tuple("1", "task-clock", "3000000.0"),
                        tuple("0", "context-switches", "10.0"), tuple("1", "context-switches", "5.0"));
        assertThat(samples(kinds, "container_perf_events_scaling_ratio"))
                .extracting(s -> s.labels().get("cpu"), s -> s.labels().get("event"), ExpositionChecker.Sample::value)
                .contains(tuple("1", "task-clock", "0.25"), tuple("0", "task-clock", "1.0"));
        assertThat(samples(kinds, "container_perf_events_total")).allSatisfy(s -> {
            assertThat(s.labels()).containsEntry("id", "/docker/" + MetricsFixture.DOCKER_ID);
            assertThat(s.timestamp()).isEqualTo(Long.toString(MetricsFixture.STATS_TIME.toEpochMilli()));
        });
    }

    @Test
    void percpuOffSumsOverCpusWithEmptyCpuAndTheLowestRatio() throws IOException {
        Set<MetricKind> kinds = EnumSet.of(MetricKind.PERF_EVENT);
        assertThat(samples(kinds, "container_perf_events_total"))
                .extracting(s -> s.labels().get("cpu"), s -> s.labels().get("event"), ExpositionChecker.Sample::value)
                .containsExactlyInAnyOrder(tuple("", "task-clock", "4000000.0"), tuple("", "context-switches", "15.0"));
        assertThat(samples(kinds, "container_perf_events_scaling_ratio"))
                .extracting(s -> s.labels().get("cpu"), s -> s.labels().get("event"), ExpositionChecker.Sample::value)
                .containsExactlyInAnyOrder(tuple("", "task-clock", "0.25"), tuple("", "context-switches", "1.0"));
    }

    @Test
    void uncoreOnlyForTheRootPerSocketAndPmu() throws IOException {
        Set<MetricKind> kinds = EnumSet.of(MetricKind.PERF_EVENT);
        assertThat(samples(kinds, "container_perf_uncore_events_total"))
                .extracting(s -> s.labels().get("id"), s -> s.labels().get("socket"), s -> s.labels().get("pmu"),
                        s -> s.labels().get("event"), ExpositionChecker.Sample::value)
                .containsExactly(tuple("/", "0", "uncore_imc_0", "uncore_imc/cas_count_read/", "1200.0"),
                        tuple("/", "1", "uncore_imc_1", "uncore_imc/cas_count_read/", "800.0"));
        assertThat(samples(kinds, "container_perf_uncore_events_scaling_ratio"))
                .extracting(ExpositionChecker.Sample::value).containsExactly("1.0", "0.5");
    }

    @Test
    void groupOffWritesNoPerfFamilyAndTypesAreUpstreams() throws IOException {
        assertThat(samples(EnumSet.of(MetricKind.PERCPU), "container_perf_events_total")).isEmpty();
        String text = scrape(EnumSet.of(MetricKind.PERF_EVENT));
        assertThat(text).contains("# TYPE container_perf_events_total counter",
                "# TYPE container_perf_events_scaling_ratio gauge", "# TYPE container_perf_uncore_events_total counter",
                "# TYPE container_perf_uncore_events_scaling_ratio gauge");
    }
}
