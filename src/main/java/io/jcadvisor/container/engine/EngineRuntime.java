package io.jcadvisor.container.engine;

/**
 * Which daemon an {@link EngineFactory} talks to. Docker and Podman both serve the Docker Engine API
 * (Podman's compatibility part of its REST API), so one client, connection, event watcher, handler and
 * disk usage walk serve both; this record carries what differs in names, and the factory subclass
 * what differs in behaviour (how cgroup names map to ids, the storage layout).
 *
 * @param name        the plugin's name and the {@code runtime} of its discovery hints ({@code docker})
 * @param displayName the daemon's name in logs and {@code /validate} ({@code Docker})
 * @param namespace   alias namespace of its containers ({@code docker}; {@code /api/v1.2/docker},
 *                    {@code ?type=docker})
 * @param configKey   the config group of its options ({@code cadvisor.runtimes.docker}), for messages
 * @param daemon      what has to run for the endpoint to answer ({@code dockerd}), for messages
 * @param quietUntilReached whether an endpoint that never answered is logged at info level only: an
 *                    optional runtime (Podman) that is simply not installed is not a fault
 */
public record EngineRuntime(String name, String displayName, String namespace, String configKey, String daemon,
        boolean quietUntilReached) {

    /** Docker: {@code dockerd} behind {@code cadvisor.runtimes.docker.endpoint}. */
    public static final EngineRuntime DOCKER = new EngineRuntime("docker", "Docker", "docker",
            "cadvisor.runtimes.docker", "dockerd", false);
}
