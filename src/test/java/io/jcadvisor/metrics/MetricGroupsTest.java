package io.jcadvisor.metrics;

import io.jcadvisor.config.MetricKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

/** Which families each group adds: docs/metrics.md §2, with the families of §5 and §6. */
class MetricGroupsTest {

    static final Map<MetricKind, Set<String>> FAMILIES = Map.ofEntries(
            entry(MetricKind.CPU, Set.of("container_cpu_user_seconds_total", "container_cpu_system_seconds_total",
                    "container_cpu_usage_seconds_total", "container_cpu_cfs_periods_total",
                    "container_cpu_cfs_throttled_periods_total", "container_cpu_cfs_throttled_seconds_total",
                    "container_cpu_cfs_burst_periods_total", "container_cpu_cfs_burst_seconds_total")),
            entry(MetricKind.SCHED, Set.of("container_cpu_schedstat_run_seconds_total",
                    "container_cpu_schedstat_runqueue_seconds_total", "container_cpu_schedstat_run_periods_total")),
            entry(MetricKind.CPU_LOAD, Set.of("container_cpu_load_average_10s", "container_cpu_load_d_average_10s",
                    "container_tasks_state")),
            entry(MetricKind.HUGETLB, Set.of("container_hugetlb_failcnt", "container_hugetlb_usage_bytes",
                    "container_hugetlb_max_usage_bytes")),
            entry(MetricKind.MEMORY, Set.of("container_memory_cache", "container_memory_rss",
                    "container_memory_kernel_usage", "container_memory_mapped_file", "container_memory_swap",
                    "container_memory_failcnt", "container_memory_usage_bytes", "container_memory_max_usage_bytes",
                    "container_memory_working_set_bytes", "container_memory_total_active_file_bytes",
                    "container_memory_total_inactive_file_bytes", "container_memory_failures_total",
                    "container_memory_events_high_total", "container_memory_events_max_total",
                    "container_memory_file_dirty_bytes", "container_memory_file_writeback_bytes",
                    "container_memory_pgscan_total", "container_memory_pgsteal_total",
                    "container_memory_workingset_refault_file_total", "container_memory_workingset_refault_anon_total")),
            entry(MetricKind.CPUSET, Set.of("container_memory_migrate")),
            entry(MetricKind.MEMORY_NUMA, Set.of("container_memory_numa_pages")),
            entry(MetricKind.DISK, Set.of("container_fs_inodes_free", "container_fs_inodes_total",
                    "container_fs_limit_bytes", "container_fs_usage_bytes")),
            // io pressure is "absent if diskIO is disabled" (docs/metrics.md §5.15).
            entry(MetricKind.DISK_IO, Set.of("container_fs_reads_bytes_total", "container_fs_reads_total",
                    "container_fs_sector_reads_total", "container_fs_reads_merged_total",
                    "container_fs_read_seconds_total", "container_fs_writes_bytes_total", "container_fs_writes_total",
                    "container_fs_sector_writes_total", "container_fs_writes_merged_total",
                    "container_fs_write_seconds_total", "container_fs_io_current", "container_fs_io_time_seconds_total",
                    "container_fs_io_time_weighted_seconds_total", "container_fs_io_cost_usage_seconds_total",
                    "container_fs_io_cost_wait_seconds_total", "container_fs_io_cost_indebt_seconds_total",
                    "container_fs_io_cost_indelay_seconds_total", "container_blkio_device_usage_total",
                    "container_pressure_io_stalled_seconds_total", "container_pressure_io_waiting_seconds_total")),
            entry(MetricKind.NETWORK, Set.of("container_network_receive_bytes_total",
                    "container_network_receive_packets_total", "container_network_receive_packets_dropped_total",
                    "container_network_receive_errors_total", "container_network_transmit_bytes_total",
                    "container_network_transmit_packets_total", "container_network_transmit_packets_dropped_total",
                    "container_network_transmit_errors_total")),
            entry(MetricKind.TCP, Set.of("container_network_tcp_usage_total", "container_network_tcp6_usage_total")),
            entry(MetricKind.ADVTCP, Set.of("container_network_advance_tcp_stats_total")),
            entry(MetricKind.UDP, Set.of("container_network_udp_usage_total", "container_network_udp6_usage_total")),
            entry(MetricKind.PROCESS, Set.of("container_processes", "container_file_descriptors", "container_sockets",
                    "container_threads_max", "container_threads", "container_ulimits_soft")),
            entry(MetricKind.REFERENCED_MEMORY, Set.of("container_referenced_bytes")),
            entry(MetricKind.OOM_EVENT, Set.of("container_oom_events_total")),
            entry(MetricKind.PRESSURE, Set.of("container_pressure_cpu_stalled_seconds_total",
                    "container_pressure_cpu_waiting_seconds_total", "container_pressure_memory_stalled_seconds_total",
                    "container_pressure_memory_waiting_seconds_total", "container_pressure_io_stalled_seconds_total",
                    "container_pressure_io_waiting_seconds_total")),
            entry(MetricKind.CPU_TOPOLOGY, Set.of("machine_cpu_cache_capacity_bytes", "machine_thread_siblings_count",
                    "machine_node_memory_capacity_bytes", "machine_node_hugepages_count", "machine_node_distance")),
            entry(MetricKind.RESCTRL, Set.of("container_memory_bandwidth_bytes",
                    "container_memory_bandwidth_local_bytes", "container_llc_occupancy_bytes")),
            // No data in the metrics fixture for these: perf_event is proven by PerfMetricsTest, app by
            // AppFamiliesTest (its family names come from collector configs).
            entry(MetricKind.PERCPU, Set.of()),
            entry(MetricKind.APP, Set.of()),
            entry(MetricKind.PERF_EVENT, Set.of()));

    static final Set<String> ALWAYS = Set.of("cadvisor_version_info", "container_scrape_error", "machine_scrape_error",
            "container_last_seen", "container_health_state", "container_creation_time_seconds",
            "container_start_time_seconds", "container_spec_cpu_period", "container_spec_cpu_quota",
            "container_spec_cpu_shares", "container_spec_memory_limit_bytes", "container_spec_memory_swap_limit_bytes",
            "container_spec_memory_reservation_limit_bytes", "machine_cpu_physical_cores", "machine_cpu_cores",
            "machine_cpu_sockets", "machine_cpu_books", "machine_cpu_drawers", "machine_memory_bytes",
            "machine_swap_bytes", "machine_dimm_count", "machine_dimm_capacity_bytes", "machine_nvm_capacity",
            "machine_nvm_avg_power_budget_watts");

    static Set<String> familyNames(Set<MetricKind> kinds) throws IOException {
        String text = MetricsGoldenTest.scrape(kinds, LabelPolicy.DEFAULT, new MetricsFixture(), ScrapeOptions.ALL,
                false);
        // No summaries or histograms among these, so a sample's name is its family's name.
        return ExpositionChecker.parse(text).stream().map(ExpositionChecker.Sample::name)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void everyGroupOnWritesTheWholeCatalogue() throws IOException {
        Set<String> expected = new TreeSet<>(ALWAYS);
        FAMILIES.values().forEach(expected::addAll);
        assertThat(familyNames(EnumSet.allOf(MetricKind.class))).isEqualTo(expected);
    }

    @ParameterizedTest
    @EnumSource(MetricKind.class)
    void turningAGroupOffRemovesExactlyItsFamilies(MetricKind kind) throws IOException {
        Set<String> all = familyNames(EnumSet.allOf(MetricKind.class));
        EnumSet<MetricKind> without = EnumSet.allOf(MetricKind.class);
        without.remove(kind);
        Set<String> removed = new HashSet<>(all);
        removed.removeAll(familyNames(without));
        assertThat(removed).isEqualTo(FAMILIES.get(kind));
    }

    @Test
    void percpuOffWritesTheTotalInstead() throws IOException {
        List<ExpositionChecker.Sample> on = usage(EnumSet.of(MetricKind.CPU, MetricKind.PERCPU));
        List<ExpositionChecker.Sample> off = usage(EnumSet.of(MetricKind.CPU));
        assertThat(on).extracting(s -> s.labels().get("cpu")).containsExactly("cpu00", "cpu01", "cpu00", "cpu01",
                "total");
        assertThat(off).extracting(s -> s.labels().get("cpu")).containsExactly("total", "total", "total");
        assertThat(off.get(0).value()).isEqualTo("60.5");
    }

    private static List<ExpositionChecker.Sample> usage(Set<MetricKind> kinds) throws IOException {
        return ExpositionChecker.parse(MetricsGoldenTest.scrape(kinds, LabelPolicy.DEFAULT, new MetricsFixture(),
                ScrapeOptions.ALL, false)).stream().filter(s -> s.name().equals("container_cpu_usage_seconds_total"))
                .toList();
    }

    @Test
    void disabledGroupsAreNotInTheTable() {
        MetricsScraper none = new MetricsScraper(EnumSet.noneOf(MetricKind.class), LabelPolicy.DEFAULT,
                java.time.Clock.systemUTC(), MetricsGoldenTest.VERSION, null);
        assertThat(none.containerFamilyNames()).containsExactlyInAnyOrder("container_last_seen",
                "container_health_state", "container_creation_time_seconds", "container_start_time_seconds",
                "container_spec_cpu_period", "container_spec_cpu_quota", "container_spec_cpu_shares",
                "container_spec_memory_limit_bytes", "container_spec_memory_swap_limit_bytes",
                "container_spec_memory_reservation_limit_bytes");
    }
}
