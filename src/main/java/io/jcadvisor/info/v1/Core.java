package io.jcadvisor.info.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A physical core and its hardware threads. */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Core(
        int coreId,
        List<Integer> threadIds,
        List<Cache> caches,
        List<Cache> uncoreCaches,
        int socketId,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) int bookId,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) int drawerId) {
}
