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

/** Upstream v1 {@code ContainerInfo}: reference fields flattened, direct children, spec, samples. */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ContainerInfo(
        @JsonInclude(JsonInclude.Include.NON_EMPTY) String id,
        String name,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> aliases,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) String namespace,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<ContainerReference> subcontainers,
        ContainerSpec spec,
        @JsonSerialize(using = StatsListSerializer.class) List<ContainerStats> stats) {
}
