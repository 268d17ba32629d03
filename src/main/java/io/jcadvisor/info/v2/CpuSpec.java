package io.jcadvisor.info.v2;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Upstream v2 {@code CpuSpec}: shares ({@code limit}), the unused {@code max_limit} and the cpuset
 * mask. Quota and period of the v1 spec are dropped by upstream's conversion, and so here.
 */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CpuSpec(long limit, long maxLimit, @JsonInclude(JsonInclude.Include.NON_EMPTY) String mask) {
}
