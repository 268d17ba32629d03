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

/** Process, fd, socket and thread counts of a container. */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ProcessStats(
        long processCount,
        long fdCount,
        long socketCount,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) long threadsCurrent,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) long threadsMax,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<UlimitSpec> ulimits) {
}
