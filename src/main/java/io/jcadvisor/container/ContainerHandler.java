package io.jcadvisor.container;

import io.jcadvisor.cgroup.ContainerGoneException;
import io.jcadvisor.info.v1.ContainerReference;
import io.jcadvisor.info.v1.ContainerSpec;
import io.jcadvisor.info.v1.ContainerStats;

import java.util.List;

/**
 * Reads one container. Implementations hold no sample history; the manager caches samples.
 * Reading a container that has vanished throws {@link ContainerGoneException}, never anything else
 * for ordinary kernel races.
 */
public interface ContainerHandler extends AutoCloseable {

    /** Name (cgroup path), runtime id, aliases and namespace. */
    ContainerReference reference();

    /** Limits and identity, read now (the manager caches it briefly). */
    ContainerSpec spec() throws ContainerGoneException;

    /** One sample taken now; partial when some files are unreadable. */
    ContainerStats stats() throws ContainerGoneException;

    /** Pids in this container's own cgroup (not descendants), for {@code ps}; empty when unknown. */
    List<Integer> pids();

    /** Labels for Prometheus ({@code container_label_*}): the runtime's labels, empty for raw. */
    default java.util.Map<String, String> labels() {
        return java.util.Map.of();
    }

    /**
     * The container's IP address, where its application metrics are scraped (upstream
     * {@code GetContainerIPAddress}); empty when it has none or the runtime does not say.
     */
    default String ipAddress() {
        return "";
    }

    /** Whether the container still exists. */
    boolean exists();

    /** Releases what the handler holds (watches, background walks). */
    @Override
    default void close() {
    }
}
