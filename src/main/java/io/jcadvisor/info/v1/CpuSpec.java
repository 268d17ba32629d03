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

/** CPU limits: {@code limit} in shares, {@code quota}/{@code period} in microseconds (0 = unlimited). */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CpuSpec(
        long limit,
        long maxLimit,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) String mask,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) long quota,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) long period) {
}
