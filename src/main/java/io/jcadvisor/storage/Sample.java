package io.jcadvisor.storage;

import io.jcadvisor.info.v1.ContainerReference;
import io.jcadvisor.info.v1.ContainerStats;

import java.util.Map;

/**
 * One sample as a storage driver receives it: upstream passes the whole {@code ContainerInfo}, of
 * which the drivers read the reference and {@code spec.labels} only.
 *
 * @param reference the container's name, aliases and namespace
 * @param labels    the runtime's labels ({@code spec.labels}); empty for raw cgroups
 * @param stats     the sample just added to the in-memory cache
 */
public record Sample(ContainerReference reference, Map<String, String> labels, ContainerStats stats) {

    public Sample {
        labels = labels == null ? Map.of() : labels;
    }

    /** The name the drivers report: the first alias when there is one (a Docker name), else the cgroup path. */
    public String containerName() {
        if (reference.aliases() != null && !reference.aliases().isEmpty()) {
            return reference.aliases().get(0);
        }
        return reference.name();
    }
}
