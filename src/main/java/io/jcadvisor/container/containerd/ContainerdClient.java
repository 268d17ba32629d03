package io.jcadvisor.container.containerd;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/** The containerd calls the agent makes, in the configured namespace; blocking, bounded by a timeout. */
public interface ContainerdClient {

    /** {@code containerd.services.version.v1.Version/Version}. */
    ContainerdVersion version() throws ContainerdException;

    /** {@code containerd.services.containers.v1.Containers/Get}; empty when the namespace has no such container. */
    Optional<ContainerdContainer> container(String id) throws ContainerdException;

    /**
     * {@code Containers/Get} bounded by {@code timeout} instead of the client's own bound: for a new
     * container's cgroup, asked while the daemon may be busy, without that being taken for an absent
     * daemon. Must not hold up the client's other calls.
     */
    default Optional<ContainerdContainer> container(String id, Duration timeout) throws ContainerdException {
        return container(id);
    }

    /** {@code containerd.services.tasks.v1.Tasks/Get}; empty when the container has no task. */
    Optional<ContainerdTask> task(String containerId) throws ContainerdException;

    /**
     * {@code containerd.services.events.v1.Events/Subscribe} for the namespace: each task or
     * container event goes to {@code onEvent} (on an I/O thread: must not block) until the stream
     * ends, which {@code onEnd} hears once (null cause for an orderly end). Closing the handle
     * cancels the stream without calling {@code onEnd}.
     */
    AutoCloseable events(Consumer<ContainerdEvent> onEvent, Consumer<Throwable> onEnd);

    /** The namespace the calls are made in. */
    String namespace();
}
