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

/** pids limit ({@code pids.max}); {@code max} is 2^64-1 as upstream head. */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ProcessSpec(
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) @JsonSerialize(using = Uint64Serializer.class) long limit) {

    public static final ProcessSpec NONE = new ProcessSpec(0);
}
