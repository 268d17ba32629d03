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

/** Upstream {@code CpuStats}; load averages are runnable tasks x 1000. */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CpuStats(
        CpuUsage usage,
        CpuCfs cfs,
        CpuSchedstat schedstat,
        int loadAverage,
        @JsonProperty("load_d_average") int loadDAverage,
        PsiStats psi) {
}
