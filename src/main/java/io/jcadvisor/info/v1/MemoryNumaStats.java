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

/** Per-NUMA-node page counts ({@code memory.numa_stat}), node id to pages. */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record MemoryNumaStats(
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<Integer, Long> file,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<Integer, Long> anon,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<Integer, Long> unevictable) {
}
