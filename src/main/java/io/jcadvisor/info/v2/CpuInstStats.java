package io.jcadvisor.info.v2;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Upstream v2 {@code CpuInstStats} ({@code cpu_inst}): the rate of the cumulative CPU counters
 * between a sample and the one before it, in nanocores. See {@link V2Conversions#instCpuStats}.
 */
@RegisterForReflection
public record CpuInstStats(CpuInstUsage usage) {
}
