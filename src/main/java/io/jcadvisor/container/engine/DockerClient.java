package io.jcadvisor.container.engine;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The few Docker Engine API calls the agent makes. Blocking calls are bounded by the client's timeout
 * (a few seconds) and must not run on an event-loop thread.
 */
public interface DockerClient {

    /** {@code GET /version}. */
    DockerVersion version() throws DockerException;

    /** {@code GET /info}: version, storage driver and data root. */
    DockerInfo info() throws DockerException;

    /**
     * {@code GET /containers/{id}/json}.
     *
     * @return empty when the daemon answers 404 (no such container)
     * @throws DockerException when the daemon is unreachable, slow or answers another error
     */
    Optional<DockerInspect> inspect(String id) throws DockerException;

    /**
     * {@code GET /containers/{id}/json} bounded by {@code timeout} instead of the client's own bound:
     * for a container the daemon may still be starting, which it describes only when the start is
     * done. Must not hold up the client's other calls (the Vert.x client uses a pool of its own).
     */
    default Optional<DockerInspect> inspect(String id, Duration timeout) throws DockerException {
        return inspect(id);
    }

    /** {@code GET /containers/json}: the running containers. */
    List<DockerContainerSummary> listContainers() throws DockerException;

    /**
     * Opens {@code GET /events?filters={"type":["container"]}} and feeds each decoded event to
     * {@code onEvent} (on an I/O thread: keep it short). {@code onEnd} runs once when the stream
     * ends, fails or cannot be opened, with the cause ({@code null} on a clean end).
     *
     * @return closes the stream; {@code onEnd} is not called after that
     */
    AutoCloseable events(Consumer<DockerEvent> onEvent, Consumer<Throwable> onEnd);
}
