package io.jcadvisor.container.engine;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The fields of {@code GET /version} the agent uses.
 *
 * @param version    daemon version
 * @param apiVersion highest Engine API version the daemon speaks ({@code 1.41})
 */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record DockerVersion(
        @JsonProperty("Version") String version,
        @JsonProperty("ApiVersion") String apiVersion) {
}
