package io.jcadvisor.info.v2;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.jcadvisor.info.v1.CpuStats;
import io.jcadvisor.info.v1.DiskIoStats;
import io.jcadvisor.info.v1.HugetlbStats;
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
 * Upstream v2 {@code ContainerStats} (the samples of {@code /api/v2.1/stats}). A section is null,
 * and so absent, when the spec says the container does not have it; {@code filesystem} only when
 * the sample has exactly one filesystem entry; {@code custom_metrics} only when the spec has them.
 * Upstream's {@code load_stats} and {@code accelerators} are never filled, so they are not modelled.
 */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ContainerStats(
        Instant timestamp,
        CpuStats cpu,
        CpuInstStats cpuInst,
        DiskIoStats diskio,
        MemoryStats memory,
        Map<String, HugetlbStats> hugetlb,
        NetworkStats network,
        ProcessStats processes,
        FilesystemStats filesystem,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, List<MetricVal>> customMetrics,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<PerfStat> perfStats,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<PerfUncoreStat> perfUncoreStats,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) long referencedMemory,
        ResctrlStats resctrl) {
}
