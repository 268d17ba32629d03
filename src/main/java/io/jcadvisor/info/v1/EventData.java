package io.jcadvisor.info.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Event payload: {@code oom} on oomKill, {@code container_deletion} on deletion; {@code {}} otherwise. */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EventData(OomKillEventData oom, DeletionEventData containerDeletion) {
    public static final EventData EMPTY = new EventData(null, null);

    /** oomKill payload: victim pid, process name, constraint. */
    @RegisterForReflection
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record OomKillEventData(int pid, String processName, String constraint) {
    }

    /** Deletion payload: exit code, -1 when unknown. */
    @RegisterForReflection
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record DeletionEventData(int exitCode) {
    }
}
