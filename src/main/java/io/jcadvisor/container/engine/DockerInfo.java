package io.jcadvisor.container.engine;

/**
 * The fields of {@code GET /info} the agent uses.
 *
 * @param serverVersion  daemon version ({@code 20.10.24+dfsg1})
 * @param driver         storage driver ({@code overlay2})
 * @param dockerRootDir  Docker's data root ({@code /var/lib/docker}), a host path
 */
public record DockerInfo(
        String serverVersion,
        String driver,
        String dockerRootDir) {
}
