package io.jcadvisor.container.engine;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;
import java.util.Map;

/**
 * The fields of {@code GET /containers/{id}/json} (docker inspect) the agent uses; the rest is ignored.
 * Field names are the Engine API's. Absent objects are {@code null}.
 *
 * @param id           64-hex container id
 * @param name         container name with Docker's leading {@code /}
 * @param created      creation time, RFC 3339 with nanoseconds
 * @param restartCount restarts by the restart policy
 * @param networkSettings the container's addresses; null when Docker sends none
 */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record DockerInspect(
        @JsonProperty("Id") String id,
        @JsonProperty("Name") String name,
        @JsonProperty("Created") String created,
        @JsonProperty("State") State state,
        @JsonProperty("RestartCount") int restartCount,
        @JsonProperty("Config") Config config,
        @JsonProperty("HostConfig") HostConfig hostConfig,
        @JsonProperty("GraphDriver") GraphDriver graphDriver,
        @JsonProperty("NetworkSettings") NetworkSettings networkSettings) {

    /** Whether Docker reports the container running now. */
    public boolean running() {
        return state != null && state.running();
    }

    /**
     * @param pid       main process in the host pid namespace, 0 when not running
     * @param startedAt last start, RFC 3339; Go zero time when never started
     * @param health    present only when the image or run defines a health check
     */
    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record State(
            @JsonProperty("Running") boolean running,
            @JsonProperty("Pid") int pid,
            @JsonProperty("StartedAt") String startedAt,
            @JsonProperty("Health") Health health,
            @JsonProperty("ExitCode") int exitCode) {
    }

    /** @param status {@code starting}, {@code healthy} or {@code unhealthy} */
    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Health(@JsonProperty("Status") String status) {
    }

    /** @param env {@code KEY=value} strings as given to {@code docker run -e} and the image */
    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Config(
            @JsonProperty("Image") String image,
            @JsonProperty("Labels") Map<String, String> labels,
            @JsonProperty("Env") List<String> env) {
    }

    /**
     * Limits as requested at {@code docker run} (bytes, nano-cpus, µs, shares); the cgroup files stay
     * the source of the reported limits, these are for cross-checks.
     */
    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record HostConfig(
            @JsonProperty("NetworkMode") String networkMode,
            @JsonProperty("Memory") long memory,
            @JsonProperty("MemoryReservation") long memoryReservation,
            @JsonProperty("MemorySwap") long memorySwap,
            @JsonProperty("NanoCpus") long nanoCpus,
            @JsonProperty("CpuQuota") long cpuQuota,
            @JsonProperty("CpuPeriod") long cpuPeriod,
            @JsonProperty("CpuShares") long cpuShares) {
    }

    /** @param data driver paths ({@code UpperDir}, {@code MergedDir}, … for overlay2) */
    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record GraphDriver(
            @JsonProperty("Name") String name,
            @JsonProperty("Data") Map<String, String> data) {
    }

    /**
     * @param ipAddress legacy default-bridge address ({@code NetworkSettings.IPAddress}), may be empty
     * @param networks  per attached network, keyed by network name
     */
    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record NetworkSettings(
            @JsonProperty("IPAddress") String ipAddress,
            @JsonProperty("Networks") Map<String, Network> networks) {
    }

    /** @param ipAddress the container's IPv4 address on that network, may be empty */
    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Network(@JsonProperty("IPAddress") String ipAddress) {
    }
}
