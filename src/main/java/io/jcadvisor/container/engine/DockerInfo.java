package io.jcadvisor.container.engine;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The fields of {@code GET /info} the agent uses.
 *
 * @param serverVersion  daemon version ({@code 20.10.24+dfsg1})
 * @param driver         storage driver ({@code overlay2})
 * @param dockerRootDir  Docker's data root ({@code /var/lib/docker}), a host path
 */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record DockerInfo(
        @JsonProperty("ServerVersion") String serverVersion,
        @JsonProperty("Driver") String driver,
        @JsonProperty("DockerRootDir") String dockerRootDir) {
}
