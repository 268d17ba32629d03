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

/** Upstream v1 {@code ContainerSpec}: limits and identity of a container. */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ContainerSpec(
        Instant creationTime,
        Instant startTime,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> labels,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> envs,
        boolean hasCpu,
        CpuSpec cpu,
        boolean hasMemory,
        MemorySpec memory,
        boolean hasHugetlb,
        boolean hasNetwork,
        boolean hasProcesses,
        ProcessSpec processes,
        boolean hasFilesystem,
        @JsonProperty("has_diskio") boolean hasDiskio,
        boolean hasCustomMetrics,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<MetricSpec> customMetrics,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) String image) {

    /** Go zero time, what upstream prints for an unknown start time. */
    public static final Instant ZERO_TIME = Instant.parse("0001-01-01T00:00:00Z");

    /** The same spec with the flags a handler decides beyond the cgroup files. */
    public ContainerSpec withNetworkAndFilesystem(boolean network, boolean filesystem) {
        return new ContainerSpec(creationTime, startTime, labels, envs, hasCpu, cpu, hasMemory, memory, hasHugetlb,
                network, hasProcesses, processes, filesystem, hasDiskio, hasCustomMetrics, customMetrics, image);
    }

    /** The same spec declaring application metrics ({@code has_custom_metrics} true when any). */
    public ContainerSpec withCustomMetrics(List<MetricSpec> metrics) {
        return new ContainerSpec(creationTime, startTime, labels, envs, hasCpu, cpu, hasMemory, memory, hasHugetlb,
                hasNetwork, hasProcesses, processes, hasFilesystem, hasDiskio, !metrics.isEmpty(), List.copyOf(metrics),
                image);
    }
}
