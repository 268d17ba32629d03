package io.jcadvisor.storage;

import io.jcadvisor.testing.Samples;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StdoutDriverTest {

    @Test
    void oneLineWithNameNamespaceAndEveryValue() {
        String line = new StdoutDriver(System.out, "node-1:8086").line(StorageSamples.docker(0));
        assertThat(line).startsWith("cName=web host=node-1:8086 timestamp=1795752000123456789 ");
        assertThat(line.split(" ")).contains("cpu_usage_total=1000000", "cpu_cumulative_usage=1000000",
                "cpu_usage_system=300", "cpu_usage_user=700", "cpu_usage_per_cpu.0=600", "cpu_usage_per_cpu.1=400",
                "load_average=3", "rx_bytes=5000", "rx_errors=1", "tx_bytes=6000", "tx_errors=2",
                "referenced_memory=77", "fs_summary.fs_limit=1000000", "fs_summary.fs_usage=250000",
                "/dev/sda1.fs_limit=1000000", "/dev/sda1.fs_usage=250000", "memory_usage=8192",
                "memory_max_usage=9000", "memory_cache=1024", "memory_rss=2048", "memory_swap=0",
                "memory_mapped_file=512", "memory_working_set=4096", "memory_total_active_file=100",
                "memory_total_inactive_file=200", "memory_failcnt=1", "memory_failure.container.pgfault=11",
                "memory_failure.container.pgmajfault=12", "memory_failure.hierarchical.pgfault=21",
                "memory_failure.hierarchical.pgmajfault=22", "hugetlb_usage.2MB=4", "hugetlb_max_usage.2MB=5",
                "hugetlb_failcnt.2MB=6");
    }

    @Test
    void absentSectionsAreLeftOutAndUint64IsUnsigned() {
        var stats = Samples.stats(StorageSamples.T0, -1L, 10);
        String line = new StdoutDriver(System.out, "h").line(StorageSamples.raw("/", stats));
        assertThat(line).startsWith("cName=/ host=h ")
                .contains(" cpu_usage_total=18446744073709551615 ")
                .doesNotContain("rx_bytes").doesNotContain("fs_summary");
    }

    @Test
    void queuedDriverPrintsEachSampleOnItsOwnLine() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        QueuedDriver driver = new QueuedDriver("stdout", new StdoutDriver(out, "h"), 100, Duration.ZERO);
        try {
            for (int i = 0; i < 3; i++) {
                driver.add(StorageSamples.docker(i));
            }
            io.jcadvisor.testing.Await.until(Duration.ofSeconds(10), () -> driver.written() == 3);
        } finally {
            driver.close();
        }
        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(3).allSatisfy(l -> assertThat(l).startsWith("cName=web host=h timestamp="));
        assertThat(lines.get(2)).contains(" cpu_usage_total=1000002 ");
        assertThat(driver.dropped()).isZero();
    }
}
