package io.jcadvisor.container.engine;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

/**
 * One entry of {@code GET /containers/json} (running containers).
 *
 * @param names names with Docker's leading {@code /}
 * @param state {@code running}, {@code exited}, …
 */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record DockerContainerSummary(
        @JsonProperty("Id") String id,
        @JsonProperty("Names") List<String> names,
        @JsonProperty("State") String state) {
}
