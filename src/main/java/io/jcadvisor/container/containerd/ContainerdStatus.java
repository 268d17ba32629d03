package io.jcadvisor.container.containerd;

import java.util.Optional;

/**
 * The daemon as last seen by the factory, for {@code /validate/} and {@code attributes}.
 *
 * @param enabled   {@code cadvisor.runtimes.containerd.enabled}
 * @param endpoint  configured socket
 * @param namespace configured namespace
 * @param version   the last {@code Version} answer; empty while the daemon is not reachable
 * @param lastError why the last call failed, empty when it succeeded
 */
public record ContainerdStatus(boolean enabled, String endpoint, String namespace, Optional<ContainerdVersion> version,
        Optional<String> lastError) {

    public boolean reachable() {
        return version.isPresent();
    }
}
