package io.jcadvisor.metrics;

import io.jcadvisor.config.GoDuration;
import io.jcadvisor.config.MetricKind;
import io.jcadvisor.info.v1.MachineInfo;
import io.jcadvisor.manager.ContainerSnapshot;
import io.jcadvisor.manager.ContainerSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MetricsQueryTest {

    @ParameterizedTest
    @CsvSource({"500ms,500", "1m30s,90000", "1.5h,5400000", "0,0", "2s,2000", "100us,0", "1h0m0s,3600000"})
    void goDurations(String text, long millis) {
        assertThat(GoDuration.parse(text).toMillis()).isEqualTo(millis);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "type|pods|bad parameter type=\"pods\": expected one of name, docker, podman",
        "count|ten|bad parameter count=\"ten\": not an integer",
        "recursive|yes|bad parameter recursive=\"yes\": not a boolean (true/false)",
        "max_age|10|bad parameter max_age=\"10\": time: missing unit in duration \"10\"",
        "max_age|5d|bad parameter max_age=\"5d\": time: unknown unit \"d\" in duration \"5d\"",
        "max_age|-1s|bad parameter max_age=\"-1s\": must not be negative"})
    void badParametersNameTheParameterAndTheReason(String param, String value, String message) {
        assertThatThrownBy(() -> MetricsQuery.parse(param.equals("type") ? value : null,
                param.equals("count") ? value : null, param.equals("recursive") ? value : null,
                param.equals("max_age") ? value : null))
                .isInstanceOf(MetricsQuery.BadParameterException.class).hasMessage(message);
    }

    @Test
    void goodParameters() {
        assertThat(MetricsQuery.parse("docker", "5", "false", "10s"))
                .isEqualTo(new ScrapeOptions("docker", Duration.ofSeconds(10)));
        assertThat(MetricsQuery.parse("name", null, "1", null)).isEqualTo(ScrapeOptions.ALL);
        assertThat(MetricsQuery.parse(null, null, null, null)).isEqualTo(ScrapeOptions.ALL);
    }

    @Test
    void typeDockerKeepsOnlyDockerContainers() throws IOException {
        List<ExpositionChecker.Sample> samples = ExpositionChecker.parse(MetricsGoldenTest.scrape(
                MetricsGoldenTest.DEFAULTS, LabelPolicy.DEFAULT, new MetricsFixture(), new ScrapeOptions("docker", null),
                false));
        assertThat(samples).filteredOn(s -> s.labels().containsKey("id")).extracting(s -> s.labels().get("id"))
                .containsOnly("/docker/" + MetricsFixture.DOCKER_ID);
    }

    @Test
    void maxAgeRefreshesTheSelectedContainersFirst() throws IOException {
        Queries queries = new Queries();
        MetricsScraper scraper = new MetricsScraper(MetricsGoldenTest.DEFAULTS, LabelPolicy.DEFAULT,
                java.time.Clock.systemUTC(), MetricsGoldenTest.VERSION, null);
        scraper.write(new java.io.StringWriter(), queries, new ScrapeOptions("docker", Duration.ofSeconds(5)), false);
        assertThat(queries.refreshed).containsExactly("/docker/" + MetricsFixture.DOCKER_ID);
        assertThat(queries.maxAge).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void openMetricsEndsWithEofAndUsesSeconds() throws IOException {
        String om = MetricsGoldenTest.scrape(MetricsGoldenTest.DEFAULTS, LabelPolicy.DEFAULT, new MetricsFixture(),
                ScrapeOptions.ALL, true);
        assertThat(om).endsWith("# EOF\n").contains("# TYPE container_cpu_usage_seconds counter")
                .contains(" 1795732799.806\n");
    }

    @Test
    void failingSourceSetsTheScrapeErrorsAndDropsContainerSeries() throws IOException {
        io.jcadvisor.manager.ContainerSource broken = new io.jcadvisor.manager.ContainerSource() {
            /** Fixed contents: nothing to refresh. */
            @Override
            public void refreshOlderThan(java.util.Collection<String> names, java.time.Duration maxAge) {
            }

            @Override
            public MachineInfo machineInfo() {
                throw new IllegalStateException("machine info not read yet");
            }

            @Override
            public List<ContainerSnapshot> containers() {
                throw new IllegalStateException("manager not started");
            }
        };
        MetricsScraper scraper = new MetricsScraper(java.util.EnumSet.allOf(MetricKind.class), LabelPolicy.DEFAULT,
                java.time.Clock.systemUTC(), MetricsGoldenTest.VERSION, null);
        java.io.StringWriter out = new java.io.StringWriter();
        scraper.write(out, broken, ScrapeOptions.ALL, false);
        assertThat(ExpositionChecker.parse(out.toString())).extracting(s -> s.name() + " " + s.value())
                .containsExactly("cadvisor_version_info 1.0", "container_scrape_error 1.0", "machine_scrape_error 1.0");
    }

    /** A plain {@link ContainerSource} over the fixture that records refresh requests. */
    private static final class Queries implements ContainerSource {
        private final MetricsFixture fixture = new MetricsFixture();
        final List<String> refreshed = new ArrayList<>();
        Duration maxAge;

        @Override
        public MachineInfo machineInfo() {
            return fixture.machineInfo();
        }

        @Override
        public List<ContainerSnapshot> containers() {
            return fixture.containers();
        }

        @Override
        public void refreshOlderThan(Collection<String> names, Duration maxAge) {
            refreshed.addAll(names);
            this.maxAge = maxAge;
        }
    }
}
