package io.jcadvisor.container.containerd;

import java.util.Optional;

/** The containerd calls the agent makes, in the configured namespace; blocking, bounded by a timeout. */
public interface ContainerdClient {

    /** {@code containerd.services.version.v1.Version/Version}. */
    ContainerdVersion version() throws ContainerdException;

    /** {@code containerd.services.containers.v1.Containers/Get}; empty when the namespace has no such container. */
    Optional<ContainerdContainer> container(String id) throws ContainerdException;

    /** {@code containerd.services.tasks.v1.Tasks/Get}; empty when the container has no task. */
    Optional<ContainerdTask> task(String containerId) throws ContainerdException;

    /** The namespace the calls are made in. */
    String namespace();
}
