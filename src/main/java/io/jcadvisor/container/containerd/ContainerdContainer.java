package io.jcadvisor.container.containerd;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the agent uses of a containerd container ({@code Containers/Get}).
 *
 * @param id          container id
 * @param labels      container labels (may include containerd's own {@code io.containerd.*})
 * @param image       image reference ({@code docker.io/library/busybox:latest}), empty when none
 * @param createdAt   {@code CreatedAt}, empty when not set
 * @param env         OCI spec {@code process.env} entries ({@code KEY=value}), empty when no spec
 * @param cgroupsPath OCI spec {@code linux.cgroupsPath}, empty when not set
 */
public record ContainerdContainer(String id, Map<String, String> labels, String image, Optional<Instant> createdAt,
        List<String> env, String cgroupsPath) {

    /** Label CRI sets on its containers: {@code sandbox} for a pod's pause container, else {@code container}. */
    public static final String CRI_KIND_LABEL = "io.cri-containerd.kind";

    /** Whether this is a CRI pod sandbox, the one container of a pod that owns the network namespace. */
    public boolean sandbox() {
        return "sandbox".equals(labels.get(CRI_KIND_LABEL));
    }
}
