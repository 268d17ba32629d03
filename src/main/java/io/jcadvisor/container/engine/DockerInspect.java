package io.jcadvisor.container.engine;

import java.util.List;
import java.util.Map;

/**
 * The fields of {@code GET /containers/{id}/json} (docker inspect) the agent uses; the rest is ignored.
 * Each component is the Engine API field of the same name, capitalized ({@code Id}, {@code State.Pid},
 * {@code HostConfig.NanoCpus}, ...), as {@link DockerJsonParser} reads it. Absent objects are {@code null}.
 *
 * @param id           64-hex container id
 * @param name         container name with Docker's leading {@code /}
 * @param created      creation time, RFC 3339 with nanoseconds
 * @param restartCount restarts by the restart policy
 * @param networkSettings the container's addresses; null when Docker sends none
 */
public record DockerInspect(
        String id,
        String name,
        String created,
        State state,
        int restartCount,
        Config config,
        HostConfig hostConfig,
        GraphDriver graphDriver,
        NetworkSettings networkSettings) {

    /** Whether Docker reports the container running now. */
    public boolean running() {
        return state != null && state.running();
    }

    /**
     * @param pid       main process in the host pid namespace, 0 when not running
     * @param startedAt last start, RFC 3339; Go zero time when never started
     * @param health    present only when the image or run defines a health check
     */
    public record State(
            boolean running,
            int pid,
            String startedAt,
            Health health,
            int exitCode) {
    }

    /** @param status {@code starting}, {@code healthy} or {@code unhealthy} */
    public record Health(String status) {
    }

    /** @param env {@code KEY=value} strings as given to {@code docker run -e} and the image */
    public record Config(
            String image,
            Map<String, String> labels,
            List<String> env) {
    }

    /**
     * Limits as requested at {@code docker run} (bytes, nano-cpus, µs, shares); the cgroup files stay
     * the source of the reported limits, these are for cross-checks.
     */
    public record HostConfig(
            String networkMode,
            long memory,
            long memoryReservation,
            long memorySwap,
            long nanoCpus,
            long cpuQuota,
            long cpuPeriod,
            long cpuShares) {
    }

    /** @param data driver paths ({@code UpperDir}, {@code MergedDir}, … for overlay2) */
    public record GraphDriver(
            String name,
            Map<String, String> data) {
    }

    /**
     * @param ipAddress legacy default-bridge address ({@code NetworkSettings.IPAddress}), may be empty
     * @param networks  per attached network, keyed by network name
     */
    public record NetworkSettings(
            String ipAddress,
            Map<String, Network> networks) {
    }

    /** @param ipAddress the container's IPv4 address on that network, may be empty */
    public record Network(String ipAddress) {
    }
}
