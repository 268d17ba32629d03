package io.jcadvisor.info.v2;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.jcadvisor.info.v1.MemorySpec;
import io.jcadvisor.info.v1.MetricSpec;
import io.jcadvisor.info.v1.ProcessSpec;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Upstream v2 {@code ContainerSpec} ({@code /api/v2.x/spec}, {@code spec} of v2.1 stats), in
 * upstream field order. {@code processes} is always {@code {}}: upstream does not copy the limit.
 */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ContainerSpec(
        Instant creationTime,
        Instant startTime,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> aliases,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) String namespace,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> labels,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> envs,
        boolean hasCpu,
        CpuSpec cpu,
        boolean hasMemory,
        MemorySpec memory,
        boolean hasHugetlb,
        boolean hasCustomMetrics,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<MetricSpec> customMetrics,
        boolean hasProcesses,
        ProcessSpec processes,
        boolean hasNetwork,
        boolean hasFilesystem,
        @JsonProperty("has_diskio") boolean hasDiskio,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) String image) {
}
