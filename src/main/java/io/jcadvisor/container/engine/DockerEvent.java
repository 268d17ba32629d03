package io.jcadvisor.container.engine;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One line of the {@code GET /events} stream. Older daemons put the container id in {@code id} and
 * the action in {@code status}; API 1.22+ adds {@code Action} and {@code Actor.ID}. Either is read.
 */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record DockerEvent(
        @JsonProperty("Type") String type,
        @JsonProperty("status") String status,
        @JsonProperty("Action") String action,
        @JsonProperty("id") String id,
        @JsonProperty("Actor") Actor actor) {

    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Actor(@JsonProperty("ID") String id) {
    }

    /** {@code start}, {@code die}, {@code destroy}, … ({@code Action}, else {@code status}). */
    public String effectiveAction() {
        return action != null && !action.isEmpty() ? action : status == null ? "" : status;
    }

    /** The container id ({@code Actor.ID}, else {@code id}); empty when neither is set. */
    public String containerId() {
        if (actor != null && actor.id() != null && !actor.id().isEmpty()) {
            return actor.id();
        }
        return id == null ? "" : id;
    }
}
