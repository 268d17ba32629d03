package io.jcadvisor.container.engine;

import java.time.Instant;
import java.util.Optional;

/**
 * What the agent last learnt about the Docker daemon (or Podman's service), for {@code /validate}
 * ("Docker version", "Docker driver setup") and for logs.
 *
 * @param enabled       {@code cadvisor.runtimes.docker.enabled} (or {@code podman})
 * @param reachable     the last call to the daemon succeeded
 * @param version       daemon version from {@code /version}, empty before the first answer
 * @param apiVersion    Engine API version from {@code /version}
 * @param storageDriver {@code Driver} from {@code /info} ({@code overlay2})
 * @param rootDir       {@code DockerRootDir} from {@code /info} (Podman: its storage graph root), else the
 *                      configured fallback ({@code cadvisor.runtimes.docker.root})
 * @param lastError     the last failure's message, empty when none since the last success
 * @param checkedAt     when the daemon was last asked
 */
public record DockerStatus(
        boolean enabled,
        boolean reachable,
        String endpoint,
        Optional<String> version,
        Optional<String> apiVersion,
        Optional<String> storageDriver,
        String rootDir,
        Optional<String> lastError,
        Optional<Instant> checkedAt) {

    static DockerStatus initial(EngineRuntime runtime, boolean enabled, String endpoint, String fallbackRoot) {
        return new DockerStatus(enabled, false, endpoint, Optional.empty(), Optional.empty(), Optional.empty(),
                fallbackRoot,
                Optional.of(enabled ? "not asked yet" : runtime.name() + " disabled by configuration"),
                Optional.empty());
    }

    DockerStatus reached(DockerVersion v, DockerInfo info, String fallbackRoot, Instant now) {
        String root = info.dockerRootDir() == null || info.dockerRootDir().isEmpty() ? fallbackRoot : info.dockerRootDir();
        String serverVersion = v.version() != null ? v.version() : info.serverVersion();
        return new DockerStatus(enabled, true, endpoint, Optional.ofNullable(serverVersion),
                Optional.ofNullable(v.apiVersion()), Optional.ofNullable(info.driver()), root, Optional.empty(),
                Optional.of(now));
    }

    DockerStatus failed(String error, Instant now) {
        return new DockerStatus(enabled, false, endpoint, version, apiVersion, storageDriver, rootDir,
                Optional.of(error), Optional.of(now));
    }
}
