package io.jcadvisor.storage;

import io.jcadvisor.info.v1.ContainerStats;
import io.jcadvisor.info.v1.CpuUsage;
import io.jcadvisor.info.v1.FsStats;
import io.jcadvisor.info.v1.HugetlbStats;
import io.jcadvisor.info.v1.MemoryStats;
import io.jcadvisor.info.v1.NetworkStats;
import io.jcadvisor.info.v1.PerfStat;
import io.jcadvisor.info.v1.ResctrlStats;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The flat {@code key → uint64} view of a sample that upstream's {@code stdout} and {@code statsd}
 * drivers write: {@code cpu_usage_total}, {@code cpu_usage_per_cpu.<i>}, {@code memory_failure.container.pgfault},
 * {@code <device>.fs_limit}, {@code hugetlb_usage.<page size>}, {@code perf_stat.<event>.<cpu>},
 * {@code resctrl_llc_occupancy.<node>}, … Pure; values are raw uint64 bits (print with
 * {@link Long#toUnsignedString(long)}).
 *
 * <p>Sections absent from the sample are left out; upstream's statsd driver dereferences them and
 * panics on a sample without cpu, network or memory.
 */
final class StatsSeries {

    private StatsSeries() {
    }

    /**
     * @param loadAverageKey {@code load_average} (stdout) or {@code cpu_load_average} (statsd)
     * @return keys in a fixed order (upstream iterates a Go map, so its order is random)
     */
    static Map<String, Long> of(ContainerStats stats, String loadAverageKey) {
        Map<String, Long> series = new LinkedHashMap<>();
        if (stats.cpu() != null && stats.cpu().usage() != null) {
            CpuUsage usage = stats.cpu().usage();
            series.put("cpu_usage_total", usage.total());
            // upstream keeps the pre-0.39 name alongside
            series.put("cpu_cumulative_usage", usage.total());
            series.put("cpu_usage_system", usage.system());
            series.put("cpu_usage_user", usage.user());
            long[] perCpu = usage.perCpuUsage();
            if (perCpu != null) {
                for (int i = 0; i < perCpu.length; i++) {
                    series.put("cpu_usage_per_cpu." + i, perCpu[i]);
                }
            }
            series.put(loadAverageKey, (long) stats.cpu().loadAverage());
        }
        NetworkStats net = stats.network();
        if (net != null) {
            series.put("rx_bytes", net.rxBytes());
            series.put("rx_errors", net.rxErrors());
            series.put("tx_bytes", net.txBytes());
            series.put("tx_errors", net.txErrors());
        }
        series.put("referenced_memory", stats.referencedMemory());
        if (stats.filesystem() != null) {
            for (FsStats fs : stats.filesystem()) {
                series.merge("fs_summary.fs_limit", fs.capacity(), Long::sum);
                series.merge("fs_summary.fs_usage", fs.usage(), Long::sum);
                series.put(fs.device() + ".fs_limit", fs.capacity());
                series.put(fs.device() + ".fs_usage", fs.usage());
            }
        }
        MemoryStats mem = stats.memory();
        if (mem != null) {
            series.put("memory_usage", mem.usage());
            series.put("memory_max_usage", mem.maxUsage());
            series.put("memory_cache", mem.cache());
            series.put("memory_rss", mem.rss());
            series.put("memory_swap", mem.swap());
            series.put("memory_mapped_file", mem.mappedFile());
            series.put("memory_working_set", mem.workingSet());
            series.put("memory_total_active_file", mem.totalActiveFile());
            series.put("memory_total_inactive_file", mem.totalInactiveFile());
            series.put("memory_failcnt", mem.failcnt());
            if (mem.containerData() != null) {
                series.put("memory_failure.container.pgfault", mem.containerData().pgfault());
                series.put("memory_failure.container.pgmajfault", mem.containerData().pgmajfault());
            }
            if (mem.hierarchicalData() != null) {
                series.put("memory_failure.hierarchical.pgfault", mem.hierarchicalData().pgfault());
                series.put("memory_failure.hierarchical.pgmajfault", mem.hierarchicalData().pgmajfault());
            }
        }
        if (stats.hugetlb() != null) {
            for (Map.Entry<String, HugetlbStats> e : stats.hugetlb().entrySet()) {
                series.put("hugetlb_usage." + e.getKey(), e.getValue().usage());
                series.put("hugetlb_max_usage." + e.getKey(), e.getValue().maxUsage());
                series.put("hugetlb_failcnt." + e.getKey(), e.getValue().failcnt());
            }
        }
        if (stats.perfStats() != null) {
            for (PerfStat perf : stats.perfStats()) {
                series.put("perf_stat." + perf.name() + "." + perf.cpu(), perf.value());
            }
        }
        ResctrlStats rdt = stats.resctrl();
        if (rdt != null) {
            if (rdt.memoryBandwidth() != null) {
                for (int node = 0; node < rdt.memoryBandwidth().size(); node++) {
                    ResctrlStats.MemoryBandwidthStats mbm = rdt.memoryBandwidth().get(node);
                    series.put("resctrl_memory_bandwidth_total." + node, mbm.mbmTotalBytes());
                    series.put("resctrl_memory_bandwidth_local." + node, mbm.mbmLocalBytes());
                }
            }
            if (rdt.cache() != null) {
                for (int node = 0; node < rdt.cache().size(); node++) {
                    series.put("resctrl_llc_occupancy." + node, rdt.cache().get(node).llcOccupancy());
                }
            }
        }
        return series;
    }
}
