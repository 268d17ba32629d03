package io.jcadvisor.info.v2;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

/** Upstream v2 {@code ContainerInfo}: the value per container of {@code /api/v2.1/stats}; no samples, no key. */
@RegisterForReflection
public record ContainerInfo(
        ContainerSpec spec,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<ContainerStats> stats) {
}
