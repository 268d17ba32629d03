package io.jcadvisor.info.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One sample of a container (upstream head v1 {@code ContainerStats}), in upstream field order.
 * Null sections are absent (not collected); see the omission rules in {@code docs/api.md} §3.3.
 */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ContainerStats(
        Instant timestamp,
        CpuStats cpu,
        DiskIoStats diskio,
        MemoryStats memory,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, HugetlbStats> hugetlb,
        NetworkStats network,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<FsStats> filesystem,
        LoadStats taskStats,
        ProcessStats processes,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, List<MetricVal>> customMetrics,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<PerfStat> perfStats,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<PerfUncoreStat> perfUncoreStats,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) long referencedMemory,
        ResctrlStats resctrl,
        CpuSetStats cpuset,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) long oomEvents,
        Health health) {

    /** A sample without application metrics and perf counters (what the cgroup readers produce). */
    public ContainerStats(Instant timestamp, CpuStats cpu, DiskIoStats diskio, MemoryStats memory,
            Map<String, HugetlbStats> hugetlb, NetworkStats network, List<FsStats> filesystem, LoadStats taskStats,
            ProcessStats processes, long referencedMemory, ResctrlStats resctrl, CpuSetStats cpuset, long oomEvents,
            Health health) {
        this(timestamp, cpu, diskio, memory, hugetlb, network, filesystem, taskStats, processes, null, null, null,
                referencedMemory, resctrl, cpuset, oomEvents, health);
    }

    /** The same sample with another filesystem list (the slow disk-usage walk fills it in). */
    public ContainerStats withFilesystem(List<FsStats> fs) {
        return new ContainerStats(timestamp, cpu, diskio, memory, hugetlb, network, fs, taskStats, processes,
                customMetrics, perfStats, perfUncoreStats, referencedMemory, resctrl, cpuset, oomEvents, health);
    }

    /** The same sample with an OOM-kill count and health status set. */
    public ContainerStats withOomEventsAndHealth(long oom, Health h) {
        return new ContainerStats(timestamp, cpu, diskio, memory, hugetlb, network, filesystem, taskStats, processes,
                customMetrics, perfStats, perfUncoreStats, referencedMemory, resctrl, cpuset, oom, h);
    }

    /** The same sample with the sections only a process's view gives (network, fds, schedstat, smaps). */
    public ContainerStats withProcessView(CpuStats cpuStats, NetworkStats net, ProcessStats procs, long referenced) {
        return new ContainerStats(timestamp, cpuStats, diskio, memory, hugetlb, net, filesystem, taskStats, procs,
                customMetrics, perfStats, perfUncoreStats, referenced, resctrl, cpuset, oomEvents, health);
    }

    /** The same sample with application metrics attached (group {@code app}). */
    public ContainerStats withCustomMetrics(Map<String, List<MetricVal>> metrics) {
        return new ContainerStats(timestamp, cpu, diskio, memory, hugetlb, network, filesystem, taskStats, processes,
                metrics, perfStats, perfUncoreStats, referencedMemory, resctrl, cpuset, oomEvents, health);
    }

    /** The same sample with perf counters attached (group {@code perf_event}). */
    public ContainerStats withPerf(List<PerfStat> core, List<PerfUncoreStat> uncore) {
        return new ContainerStats(timestamp, cpu, diskio, memory, hugetlb, network, filesystem, taskStats, processes,
                customMetrics, core, uncore, referencedMemory, resctrl, cpuset, oomEvents, health);
    }

    /** The same sample with Intel RDT values attached (group {@code resctrl}). */
    public ContainerStats withResctrl(ResctrlStats rdt) {
        return new ContainerStats(timestamp, cpu, diskio, memory, hugetlb, network, filesystem, taskStats, processes,
                customMetrics, perfStats, perfUncoreStats, referencedMemory, rdt, cpuset, oomEvents, health);
    }

    /** Equal apart from the timestamp: what dynamic housekeeping compares. */
    public boolean sameValuesAs(ContainerStats other) {
        return other != null
                && java.util.Objects.equals(cpu, other.cpu)
                && java.util.Objects.equals(memory, other.memory)
                && java.util.Objects.equals(hugetlb, other.hugetlb)
                && java.util.Objects.equals(diskio, other.diskio)
                && java.util.Objects.equals(network, other.network)
                && java.util.Objects.equals(processes, other.processes)
                && java.util.Objects.equals(filesystem, other.filesystem)
                && java.util.Objects.equals(taskStats, other.taskStats);
    }
}
