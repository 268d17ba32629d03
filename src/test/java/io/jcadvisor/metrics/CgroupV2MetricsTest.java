package io.jcadvisor.metrics;

import io.jcadvisor.cgroup.CgroupContainer;
import io.jcadvisor.cgroup.CgroupLayout;
import io.jcadvisor.cgroup.CgroupReaders;
import io.jcadvisor.config.EnabledMetrics;
import io.jcadvisor.config.MetricKind;
import io.jcadvisor.fs.Partitions;
import io.jcadvisor.host.HostFacts;
import io.jcadvisor.host.HostFs;
import io.jcadvisor.info.v1.ContainerReference;
import io.jcadvisor.info.v1.MachineInfo;
import io.jcadvisor.machine.MachineDeviceNamer;
import io.jcadvisor.manager.ContainerSnapshot;
import io.jcadvisor.manager.ContainerSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /metrics} over the real cgroup v2 capture (kernel 6.1, fixture {@code cgroup-v2-systemd}),
 * every group on. Expected values are worked out by hand from the captured files (named beside each).
 */
class CgroupV2MetricsTest {

    private static final String DOCKER = "/system.slice/"
            + "docker-4f1c2b9d8e7a6c5b4a3f2e1d0c9b8a7f6e5d4c3b2a1f0e9d8c7b6a5f4e3d2c1b.scope";
    private static final Instant NOW = Instant.parse("2026-11-26T23:50:00Z");

    /** Series (name and sorted labels, without the empty image/name) to value. */
    private static Map<String, Double> series;

    @BeforeAll
    static void scrape() throws Exception {
        Set<MetricKind> all = EnumSet.allOf(MetricKind.class);
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        HostFs fs = new HostFs(Path.of("src/test/resources/host/cgroup-v2-systemd").toAbsolutePath());
        HostFacts facts = new HostFacts(fs);
        EnabledMetrics metrics = new EnabledMetrics(all);
        CgroupReaders readers = new CgroupReaders(fs, facts, new CgroupLayout(facts, metrics), metrics, clock,
                new MachineDeviceNamer(fs, new Partitions(fs, facts, "/var/lib/docker", Duration.ofMinutes(5), clock),
                        Duration.ofMinutes(5), clock)::deviceName);
        List<ContainerSnapshot> snapshots = new ArrayList<>();
        for (String name : List.of("/", "/demo", "/oom", "/system.slice", DOCKER)) {
            CgroupContainer c = readers.open(name);
            snapshots.add(new ContainerSnapshot(ContainerReference.of(name), c.spec(), Map.of(), c.stats()));
        }
        MachineInfo machine = new MetricsFixture().machineInfo();
        ContainerSource source = new ContainerSource() {
            /** Fixed contents: nothing to refresh. */
            @Override
            public void refreshOlderThan(java.util.Collection<String> names, java.time.Duration maxAge) {
            }

            @Override
            public MachineInfo machineInfo() {
                return machine;
            }

            @Override
            public List<ContainerSnapshot> containers() {
                return snapshots;
            }
        };
        StringWriter out = new StringWriter();
        new MetricsScraper(all, LabelPolicy.DEFAULT, clock, MetricsGoldenTest.VERSION, null)
                .write(out, source, ScrapeOptions.ALL, false);
        series = new LinkedHashMap<>();
        for (String line : out.toString().split("\n")) {
            if (!line.startsWith("container_") || line.indexOf('{') < 0) {
                continue;
            }
            int close = line.lastIndexOf('}');
            String labels = line.substring(line.indexOf('{') + 1, close).replace("image=\"\",", "")
                    .replace("name=\"\",", "");
            if (labels.endsWith(",")) {
                labels = labels.substring(0, labels.length() - 1);
            }
            String[] rest = line.substring(close + 1).trim().split(" ");
            series.put(line.substring(0, line.indexOf('{')) + "{" + labels + "}", Double.parseDouble(rest[0]));
        }
    }

    private static Double value(String name, String id) {
        return series.get(name + "{id=\"" + id + "\"}");
    }

    @Test
    void demoCpuSpecAndThrottling() {
        // cpu.weight 100 → 2 + 99·262142/9999 = 2597; cpu.max "50000 100000".
        assertThat(value("container_spec_cpu_shares", "/demo")).isEqualTo(2597);
        assertThat(value("container_spec_cpu_quota", "/demo")).isEqualTo(50000);
        assertThat(value("container_spec_cpu_period", "/demo")).isEqualTo(100000);
        // cpu.stat: nr_periods 118, nr_throttled 117, throttled_usec 5803215, usage_usec 5867466.
        assertThat(value("container_cpu_cfs_periods_total", "/demo")).isEqualTo(118);
        assertThat(value("container_cpu_cfs_throttled_periods_total", "/demo")).isEqualTo(117);
        assertThat(value("container_cpu_cfs_throttled_seconds_total", "/demo")).isEqualTo(5.803215);
        assertThat(series.get("container_cpu_usage_seconds_total{cpu=\"total\",id=\"/demo\"}")).isEqualTo(5.867466);
        assertThat(value("container_cpu_user_seconds_total", "/demo")).isEqualTo(5.342377);
        assertThat(value("container_cpu_system_seconds_total", "/demo")).isEqualTo(0.525088);
        // cpu.pressure some/full totals (µs).
        assertThat(value("container_pressure_cpu_waiting_seconds_total", "/demo")).isEqualTo(6.986253);
        assertThat(value("container_pressure_cpu_stalled_seconds_total", "/demo")).isEqualTo(5.833218);
        assertThat(value("container_pressure_io_waiting_seconds_total", "/demo")).isEqualTo(3.785235);
        assertThat(value("container_pressure_io_stalled_seconds_total", "/demo")).isZero();
        assertThat(value("container_pressure_memory_waiting_seconds_total", "/demo")).isZero();
    }

    @Test
    void demoMemoryAndLimits() {
        // memory.current 41332736 − memory.stat inactive_file 0.
        assertThat(value("container_memory_working_set_bytes", "/demo")).isEqualTo(41332736);
        assertThat(value("container_memory_usage_bytes", "/demo")).isEqualTo(41332736);
        assertThat(value("container_memory_max_usage_bytes", "/demo")).isEqualTo(44728320);
        assertThat(value("container_memory_cache", "/demo")).isEqualTo(16777216);
        assertThat(value("container_memory_rss", "/demo")).isEqualTo(24227840);
        assertThat(value("container_memory_kernel_usage", "/demo")).isZero();
        String failures = "container_memory_failures_total{failure_type=\"pgfault\",id=\"/demo\",scope=";
        assertThat(series.get(failures + "\"container\"}")).isEqualTo(14292);
        assertThat(series.get(failures + "\"hierarchy\"}")).isEqualTo(14292);
        // memory.max 64M; memory.swap.max "max" (2^64−1 > 2^62) → 0.
        assertThat(value("container_spec_memory_limit_bytes", "/demo")).isEqualTo(64 << 20);
        assertThat(value("container_spec_memory_swap_limit_bytes", "/demo")).isZero();
        assertThat(value("container_spec_memory_reservation_limit_bytes", "/demo")).isZero();
        // No NUMA series on v2, though memory.numa_stat exists and memory_numa is on.
        assertThat(series.keySet()).noneMatch(k -> k.startsWith("container_memory_numa_pages"));
    }

    @Test
    void demoIoAndProcesses() {
        // io.stat "254:0 rbytes=8388608 wbytes=8388608 rios=8 wios=8", 254:0 = vda (sys/block/vda/dev).
        assertThat(series.get("container_fs_reads_bytes_total{device=\"/dev/vda\",id=\"/demo\"}")).isEqualTo(8388608);
        assertThat(series.get("container_fs_writes_bytes_total{device=\"/dev/vda\",id=\"/demo\"}")).isEqualTo(8388608);
        assertThat(series.get("container_fs_reads_total{device=\"/dev/vda\",id=\"/demo\"}")).isEqualTo(8);
        // cgroup.procs 133 134 143; pids.current 3; pids.max 100.
        assertThat(value("container_processes", "/demo")).isEqualTo(3);
        assertThat(value("container_threads", "/demo")).isEqualTo(3);
        assertThat(value("container_threads_max", "/demo")).isEqualTo(100);
        assertThat(series.get("container_hugetlb_usage_bytes{id=\"/demo\",pagesize=\"2MB\"}")).isZero();
    }

    @Test
    void oomCgroupAndUnlimitedCases() {
        // oom/memory.events: max 35, oom_kill 1 (no kernel log here: the cgroup's own counter).
        assertThat(value("container_oom_events_total", "/oom")).isEqualTo(1);
        assertThat(value("container_memory_events_max_total", "/oom")).isEqualTo(35);
        assertThat(value("container_spec_memory_limit_bytes", "/oom")).isEqualTo(16 << 20);
        assertThat(value("container_spec_memory_swap_limit_bytes", "/oom")).isZero();
        // cpu.max "max 100000": no quota series and no CFS families.
        assertThat(value("container_spec_cpu_quota", "/oom")).isNull();
        assertThat(value("container_cpu_cfs_periods_total", "/oom")).isNull();
        // pids.max "max" → 0.
        assertThat(value("container_threads_max", "/oom")).isZero();
        // system.slice memory.max "max" → 0, not machine memory (head).
        assertThat(value("container_spec_memory_limit_bytes", "/system.slice")).isZero();
        assertThat(value("container_spec_memory_limit_bytes", DOCKER)).isEqualTo(128 << 20);
        assertThat(value("container_spec_cpu_shares", DOCKER)).isEqualTo(2597);
        assertThat(value("container_threads", DOCKER)).isEqualTo(1);
        assertThat(series.keySet()).noneMatch(k -> k.startsWith("container_hugetlb") && k.contains("docker-"));
    }

    @Test
    void rootFromRootFilesAndMeminfo() {
        // No memory.current at the root: anon 24449024 + file 20357120.
        assertThat(value("container_memory_working_set_bytes", "/")).isEqualTo(44806144);
        assertThat(value("container_memory_max_usage_bytes", "/")).isZero();
        // MemTotal 984832 kB; SwapTotal 0.
        assertThat(value("container_spec_memory_limit_bytes", "/")).isEqualTo(984832.0 * 1024);
        assertThat(value("container_spec_memory_swap_limit_bytes", "/")).isZero();
        // No cpu.weight or cpu.max at the root.
        assertThat(value("container_spec_cpu_shares", "/")).isZero();
        assertThat(value("container_spec_cpu_quota", "/")).isNull();
        // 62 lines in the root cgroup.procs, no pids.current.
        assertThat(value("container_processes", "/")).isEqualTo(62);
        assertThat(value("container_threads", "/")).isEqualTo(62);
        assertThat(value("container_pressure_io_stalled_seconds_total", "/")).isEqualTo(0.000339);
        assertThat(series.get("container_fs_reads_bytes_total{device=\"/dev/vdb\",id=\"/\"}")).isEqualTo(12288);
    }
}
