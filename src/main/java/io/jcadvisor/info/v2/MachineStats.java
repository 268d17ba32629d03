package io.jcadvisor.info.v2;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.jcadvisor.info.v1.CpuStats;
import io.jcadvisor.info.v1.MemoryStats;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;
import java.util.List;

/**
 * Upstream v2 {@code MachineStats}: one sample of the root container ({@code /api/v2.1/machinestats}).
 * Sections are null (absent) when the root spec lacks them; upstream's {@code load_stats} is never
 * set, so it is not modelled.
 */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MachineStats(
        Instant timestamp,
        CpuStats cpu,
        CpuInstStats cpuInst,
        MemoryStats memory,
        NetworkStats network,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<MachineFsStats> filesystem) {
}
