package io.jcadvisor.container;

import io.jcadvisor.cgroup.ContainerGoneException;
import io.jcadvisor.info.v1.ContainerReference;
import io.jcadvisor.info.v1.ContainerSpec;
import io.jcadvisor.info.v1.ContainerStats;

import java.util.List;
import java.util.OptionalInt;

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

    /**
     * The exit code of the container's main process, for its {@code containerDeletion} event
     * ({@code api.md} §6.11, {@code docs/data-sources.md} §11: upstream asks the handler at deletion); empty
     * when the runtime cannot tell (a raw cgroup, a container the runtime already forgot, a daemon that
     * does not answer), which the event shows as −1.
     *
     * <p>Asked at most once, when the container's cgroup is gone, possibly after {@link #close()}, on a
     * thread that may block but never on the discovery or housekeeping path. It may call the runtime;
     * such a call must be bounded (seconds), and the manager stops waiting after a few seconds anyway.
     */
    default OptionalInt exitCode() {
        return OptionalInt.empty();
    }

    /** Whether the container still exists. */
    boolean exists();

    /** Releases what the handler holds (watches, background walks). */
    @Override
    default void close() {
    }
}
