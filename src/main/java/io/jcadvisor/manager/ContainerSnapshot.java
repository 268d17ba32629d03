package io.jcadvisor.manager;

import io.jcadvisor.info.v1.ContainerReference;
import io.jcadvisor.info.v1.ContainerSpec;
import io.jcadvisor.info.v1.ContainerStats;

import java.util.Map;

/**
 * What the HTTP edge (API, /metrics, UI) sees of one tracked container at one moment.
 *
 * @param reference name (cgroup path), id, aliases, namespace
 * @param spec      limits and identity, at most a few seconds old
 * @param labels    runtime labels for {@code container_label_*}; empty for raw cgroups
 * @param latest    newest cached sample, or {@code null} before the first one
 */
public record ContainerSnapshot(
        ContainerReference reference,
        ContainerSpec spec,
        Map<String, String> labels,
        ContainerStats latest) {

    public String name() {
        return reference.name();
    }
}
