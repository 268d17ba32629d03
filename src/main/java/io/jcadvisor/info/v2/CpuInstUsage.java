package io.jcadvisor.info.v2;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.Arrays;
import java.util.Objects;

/**
 * CPU usage rates between two samples in nanocores (CPU-ns per second; 1e9 = one full core),
 * upstream v2 {@code CpuInstUsage}.
 */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CpuInstUsage(
        long total,
        @JsonProperty("per_cpu_usage") @JsonInclude(JsonInclude.Include.NON_EMPTY) long[] perCpuUsage,
        long user,
        long system) {

    // Records compare arrays by reference; tests and callers need value equality.
    @Override
    public boolean equals(Object o) {
        return o instanceof CpuInstUsage u && total == u.total && user == u.user && system == u.system
                && Arrays.equals(perCpuUsage, u.perCpuUsage);
    }

    @Override
    public int hashCode() {
        return Objects.hash(total, user, system) * 31 + Arrays.hashCode(perCpuUsage);
    }

    @Override
    public String toString() {
        return "CpuInstUsage[total=" + total + ", perCpu=" + Arrays.toString(perCpuUsage) + ", user=" + user
                + ", system=" + system + "]";
    }
}
