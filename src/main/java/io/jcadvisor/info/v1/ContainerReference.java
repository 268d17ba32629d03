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

/** Identity of a container: upstream {@code ContainerReference}. */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ContainerReference(
        @JsonInclude(JsonInclude.Include.NON_EMPTY) String id,
        String name,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> aliases,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) String namespace) {

    public static ContainerReference of(String name) {
        return new ContainerReference(null, name, List.of(), null);
    }
}
