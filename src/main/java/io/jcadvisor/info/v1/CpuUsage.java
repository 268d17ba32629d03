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

/** Cumulative CPU time in nanoseconds. */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CpuUsage(
        long total,
        @JsonProperty("per_cpu_usage") @JsonInclude(JsonInclude.Include.NON_EMPTY) long[] perCpuUsage,
        long user,
        long system) {

    // Records compare arrays by reference; dynamic housekeeping needs value equality.
    @Override
    public boolean equals(Object o) {
        return o instanceof CpuUsage u && total == u.total && user == u.user && system == u.system
                && java.util.Arrays.equals(perCpuUsage, u.perCpuUsage);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(total, user, system) * 31 + java.util.Arrays.hashCode(perCpuUsage);
    }

    @Override
    public String toString() {
        return "CpuUsage[total=" + total + ", perCpu=" + java.util.Arrays.toString(perCpuUsage)
                + ", user=" + user + ", system=" + system + "]";
    }
}
