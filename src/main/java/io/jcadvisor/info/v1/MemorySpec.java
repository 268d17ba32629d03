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

/**
 * Memory limits in bytes, uint64: unlimited passes through as the kernel shows it (v1
 * 9223372036854771712, v2 {@code max} as 2^64-1). Zero values are omitted, as upstream.
 */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MemorySpec(
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) @JsonSerialize(using = Uint64Serializer.class) long limit,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) @JsonSerialize(using = Uint64Serializer.class) long reservation,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) @JsonSerialize(using = Uint64Serializer.class) long swapLimit) {
}
