package io.jcadvisor.info.v2;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.jcadvisor.info.v1.CpuStats;
import io.jcadvisor.info.v1.DiskIoStats;
import io.jcadvisor.info.v1.FsStats;
import io.jcadvisor.info.v1.HugetlbStats;
import io.jcadvisor.info.v1.LoadStats;
import io.jcadvisor.info.v1.MemoryStats;
import io.jcadvisor.info.v1.MetricVal;
import io.jcadvisor.info.v1.PerfStat;
import io.jcadvisor.info.v1.PerfUncoreStat;
import io.jcadvisor.info.v1.ProcessStats;
import io.jcadvisor.info.v1.ResctrlStats;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Upstream v2 {@code DeprecatedContainerStats} (the samples of {@code /api/v2.0/stats}): every
 * section is written (zeros when the spec lacks it), with a {@code has_*} flag beside it.
 *
 * <p>Kept for compatibility with upstream's conversion bug (v0.36 and head): {@code has_processes}
 * is always false and {@code processes} always zero, and {@code has_load} false with zero
 * {@code load_stats}, whatever the container has. {@code network} carries only {@code interfaces}.
 */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeprecatedContainerStats(
        Instant timestamp,
        boolean hasCpu,
        CpuStats cpu,
        CpuInstStats cpuInst,
        @JsonProperty("has_diskio") boolean hasDiskio,
        DiskIoStats diskio,
        boolean hasMemory,
        MemoryStats memory,
        boolean hasHugetlb,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, HugetlbStats> hugetlb,
        boolean hasNetwork,
        NetworkStats network,
        boolean hasProcesses,
        ProcessStats processes,
        boolean hasFilesystem,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<FsStats> filesystem,
        boolean hasLoad,
        @JsonProperty("load_stats") LoadStats loadStats,
        boolean hasCustomMetrics,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, List<MetricVal>> customMetrics,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<PerfStat> perfStats,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<PerfUncoreStat> perfUncoreStats,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) long referencedMemory,
        ResctrlStats resctrl) {
}
