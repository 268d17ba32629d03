package io.jcadvisor.container.engine;

/**
 * The fields of {@code GET /version} the agent uses.
 *
 * @param version    daemon version
 * @param apiVersion highest Engine API version the daemon speaks ({@code 1.41})
 */
public record DockerVersion(
        String version,
        String apiVersion) {
}
