package io.jcadvisor.metrics;

import io.jcadvisor.config.MetricKind;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class MetricsGoldenTest {

    static final VersionLabels VERSION = new VersionLabels("6.1.0-28-amd64", "Debian GNU/Linux 12 (bookworm)", "",
            "0.1.0-SNAPSHOT", "");
    static final Set<MetricKind> DEFAULTS = MetricKind.resolve(List.of(), List.of("advtcp", "cpu_topology", "cpuset",
            "hugetlb", "memory_numa", "process", "referenced_memory", "resctrl", "sched", "tcp", "udp"));

    static String scrape(Set<MetricKind> kinds, LabelPolicy policy, MetricsFixture source, ScrapeOptions options,
            boolean openMetrics) throws IOException {
        MetricsScraper scraper = new MetricsScraper(kinds, policy,
                Clock.fixed(MetricsFixture.SCRAPE_TIME, ZoneOffset.UTC), VERSION, null);
        StringWriter out = new StringWriter();
        scraper.write(out, source, options, openMetrics);
        return out.toString();
    }

    @Test
    void fixtureScrapeMatchesGoldenFile() throws IOException {
        String actual = scrape(DEFAULTS, LabelPolicy.DEFAULT, new MetricsFixture(), ScrapeOptions.ALL, false);
        Path golden = Path.of("src/test/resources/golden/metrics/container.txt");
        if (Boolean.getBoolean("golden.write")) {
            Files.writeString(golden, actual, StandardCharsets.UTF_8);
        }
        assertThat(actual).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
    }
}
