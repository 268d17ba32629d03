package io.jcadvisor.build;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jcadvisor.testing.Await;
import io.jcadvisor.testing.Commands;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.jcadvisor.build.AgentImage.docker;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JVM image built by {@code bin/image}, started with exactly the README's {@code docker run}
 * command (host root at {@code /rootfs}, {@code --pid host}, {@code --read-only}, the capability set,
 * the Docker socket through {@code /var/run}) next to busybox containers with limits and labels.
 * Everything expected is read from the host, never from inside the agent's container.
 */
class ImageIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PREFIX = "image-it-" + UUID.randomUUID().toString().substring(0, 8);
    private static final String BUSY = PREFIX + "-busy";
    private static final String IDLE = PREFIX + "-idle";
    private static final long BUSY_MEMORY_LIMIT = 48L << 20;
    private static final List<String> started = new ArrayList<>();
    private static AgentImage.Agent agent;

    @BeforeAll
    static void startAgentNextToLabelledContainers() throws Exception {
        AgentImage.build();
        String busybox = System.getenv().getOrDefault("JCADVISOR_TEST_IMAGE", "jcadvisor/busybox:latest");
        // A spinning shell under a tenth of a core: live CPU without loading the shared host.
        sibling(BUSY, busybox, "--memory", "48m", "--cpus", "0.1", "--label", "io.jcadvisor.it=" + PREFIX,
                "--label", "tier=web", "sh", "-c", "while :; do :; done");
        sibling(IDLE, busybox, "--memory", "32m", "--label", "io.jcadvisor.it=" + PREFIX, "--label", "tier=cache",
                "sleep", "3600");
        started.add(PREFIX + "-agent");
        agent = AgentImage.start(PREFIX + "-agent", List.of());
        AgentImage.awaitReady(agent);
    }

    @AfterAll
    static void removeContainers() {
        started.forEach(AgentImage::removeQuietly);
    }

    @Test
    void dockerApiShowsTheSiblingsByNameWithLabelsLimitsAndLiveCpu() throws Exception {
        JsonNode busy = Await.poll(Duration.ofSeconds(30), Duration.ofSeconds(1), () -> dockerContainer(BUSY),
                c -> c != null && c.path("stats").size() >= 2);
        assertThat(busy.path("aliases").toString()).contains(BUSY);
        assertThat(busy.at("/spec/labels/tier").asText()).isEqualTo("web");
        assertThat(busy.at("/spec/memory/limit").asLong()).isEqualTo(BUSY_MEMORY_LIMIT);
        JsonNode stats = busy.path("stats");
        long first = stats.get(0).at("/cpu/usage/total").asLong();
        long last = stats.get(stats.size() - 1).at("/cpu/usage/total").asLong();
        assertThat(last).as("cumulative CPU of the spinning container").isGreaterThan(first);

        JsonNode idle = dockerContainer(IDLE);
        assertThat(idle.at("/spec/labels/tier").asText()).isEqualTo("cache");
        assertThat(idle.at("/spec/memory/limit").asLong()).isEqualTo(32L << 20);
    }

    @Test
    void metricsShowTheSiblingsByNameWithLabelsLimitsAndLiveCpu() throws Exception {
        String name = "name=\"" + BUSY + "\"";
        double cpu = Await.poll(Duration.ofSeconds(30), Duration.ofSeconds(1), () -> cpuSeconds(agent.metricsOrEmpty(), name),
                v -> v > 0);
        String text = agent.metricsOrEmpty();
        String limit = line(text, "container_spec_memory_limit_bytes", name);
        assertThat(limit).contains("container_label_tier=\"web\"");
        assertThat(value(limit)).isEqualTo(BUSY_MEMORY_LIMIT);
        Await.poll(Duration.ofSeconds(30), Duration.ofSeconds(1), () -> cpuSeconds(agent.metricsOrEmpty(), name), v -> v > cpu);
    }

    @Test
    void machineIsTheHostsNotTheContainers() throws Exception {
        JsonNode machine = JSON.readTree(AgentImage.get(agent.api("/api/v2.1/machine")));
        long processors = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                .filter(l -> l.startsWith("processor")).count();
        assertThat(machine.path("num_cores").asLong()).isEqualTo(processors);
        long memTotalKb = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal:"))
                .map(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst().orElseThrow();
        assertThat(machine.path("memory_capacity").asLong()).isEqualTo(memTotalKb * 1024);
        // The host's root file system (the device mounted at / in the host's mount table), with the
        // host's capacity; the agent's own root is an overlay of its image.
        String rootDevice = Files.readAllLines(Path.of("/proc/1/mountinfo")).stream()
                .map(l -> l.split(" ")).filter(f -> f[4].equals("/"))
                .map(f -> f[List.of(f).indexOf("-") + 2]).reduce((a, b) -> b).orElseThrow();
        Set<String> devices = new HashSet<>();
        machine.path("filesystems").forEach(f -> devices.add(f.path("device").asText()));
        assertThat(devices).contains(rootDevice);
        JsonNode root = null;
        for (JsonNode f : machine.path("filesystems")) {
            if (f.path("device").asText().equals(rootDevice)) {
                root = f;
            }
        }
        assertThat(root.path("capacity").asLong()).isEqualTo(Files.getFileStore(Path.of("/")).getTotalSpace());
    }

    @Test
    void validateReportsTheHostsCgroupLayoutAndRuntimes() throws Exception {
        String report = AgentImage.get(agent.api("/validate/"));
        List<String> mounts = Files.readAllLines(Path.of("/proc/mounts"));
        boolean v2Root = mounts.stream().anyMatch(l -> l.matches("\\S+ /sys/fs/cgroup cgroup2 .*"));
        boolean v1 = mounts.stream().anyMatch(l -> l.matches("\\S+ /sys/fs/cgroup/\\S+ cgroup .*"));
        boolean v2Elsewhere = mounts.stream().anyMatch(l -> l.matches("\\S+ /sys/fs/cgroup/\\S+ cgroup2 .*"));
        String layout = v2Root ? "Layout: unified" : v1 && v2Elsewhere ? "Layout: hybrid" : "Layout: v1";
        assertThat(report).contains(layout).contains("Host root is /rootfs");
        String dockerVersion = docker("version", "--format", "{{.Server.Version}}");
        assertThat(report).contains("Docker version is " + dockerVersion);
        // Podman's and containerd's sockets, through the host's /var/run too (bin/provision starts both).
        assertThat(report).contains("Podman version is ").contains("containerd version is ");
        // The README's capability set lacks nothing the agent reads.
        assertThat(report).contains("Privileges: [Supported and recommended]")
                .contains("OOM events: reading /rootfs/dev/kmsg.");
    }

    @Test
    void readinessIsUp() throws Exception {
        assertThat(AgentImage.get(agent.probes().resolve(AgentImage.READY_PATH))).contains("\"UP\"");
        assertThat(AgentImage.get(agent.probes().resolve(AgentImage.LIVE_PATH))).contains("\"UP\"");
    }

    @Test
    void anOomKillInASiblingBecomesAnEvent() throws Exception {
        String name = PREFIX + "-oom";
        String busybox = System.getenv().getOrDefault("JCADVISOR_TEST_IMAGE", "jcadvisor/busybox:latest");
        // dd's 64 MiB block is touched as it is read into: the 16 MiB limit kills it at once.
        String id = sibling(name, busybox, "--memory", "16m", "--memory-swap", "16m",
                "dd", "if=/dev/zero", "of=/dev/null", "bs=64M", "count=1");
        // Killed by the kernel: SIGKILL's 137. Docker 20.10's OOMKilled flag comes from containerd's OOM event and
        // is sometimes still false for a container the memory cgroup's OOM killer ended (the kernel log said so,
        // CI ci20), so the flag is no precondition; the agent's own event, below, is what this test is about.
        Await.poll(Duration.ofSeconds(30), Duration.ofSeconds(1),
                () -> inspect(name, "{{.State.Status}} {{.State.ExitCode}}"), s -> s.equals("exited 137"));
        String container = "/docker/" + id;
        JsonNode events = Await.poll(Duration.ofSeconds(30), Duration.ofSeconds(1), () -> oomEvents(),
                e -> e.toString().contains(container));
        assertThat(events.toString()).contains("\"event_type\":\"oom\"");
    }

    @Test
    void nothingIsWrittenOutsideTmpWhichIsATmpfs() throws Exception {
        // The root is read-only: a write anywhere else would have failed, and docker diff lists none.
        assertThat(docker("diff", agent.name())).isEmpty();
        // The agent's own mount table, read from the host through its pid: no `docker exec`, which a
        // dockerd busy with other containers has been seen to leave unanswered for a minute.
        String pid = inspect(agent.name(), "{{.State.Pid}}");
        String mounts = Files.readString(Path.of("/proc", pid, "mounts"));
        assertThat(mounts).containsPattern("(?m)^tmpfs /tmp tmpfs ");
        assertThat(mounts).containsPattern("(?m)^overlay / overlay ro[,\\s]");
    }

    @Test
    void theJvmMapsTheImagesAheadOfTimeCacheWithoutAWord() throws Exception {
        // bin/image trains a cache when bin/jvm's JDK, which its runtime is cut from, is 25 or later.
        String java = Commands.run(List.of(SourceFiles.project().resolve("bin/jvm").toString())).trim();
        Path javaHome = Path.of(java).toRealPath().getParent().getParent();
        Matcher version = Pattern.compile("(?m)^JAVA_VERSION=\"(\\d+)")
                .matcher(Files.readString(javaHome.resolve("release")));
        assertThat(version.find()).as("JAVA_VERSION in " + javaHome.resolve("release")).isTrue();
        assumeTrue(Integer.parseInt(version.group(1)) >= 25, "bin/jvm's JDK is " + version.group(1) + ": no cache");
        String cache = "/deployments/jcadvisor.aot";
        assertThat(docker("inspect", "-f", "{{json .Config.Entrypoint}}", agent.name()))
                .contains("\"-XX:AOTCache=" + cache + "\"");
        // A cache the JVM rejects (another runtime, other jars or flags) is said in [aot] or [cds] log
        // lines, and the agent starts without it; a cache in use stays mapped from the image's file.
        assertThat(docker("logs", agent.name())).doesNotContainPattern("\\[(aot|cds)\\s*\\]");
        String pid = inspect(agent.name(), "{{.State.Pid}}");
        assertThat(Files.readAllLines(Path.of("/proc", pid, "maps"))).anyMatch(l -> l.endsWith(" " + cache));
    }

    @Test
    void dockerStopEndsTheAgentCleanlyWithinTheDaemonSetsGracePeriod() throws Exception {
        String name = PREFIX + "-stop";
        started.add(name);
        AgentImage.Agent stopping = AgentImage.start(name, List.of());
        AgentImage.awaitReady(stopping);
        long grace = graceSeconds();
        long start = System.nanoTime();
        docker("stop", "--time", Long.toString(grace), name);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(took).isLessThan(Duration.ofSeconds(grace));
        // 143: the JVM's exit on SIGTERM after its shutdown hooks ran; 137 would be Docker's SIGKILL.
        assertThat(inspect(name, "{{.State.ExitCode}} {{.State.OOMKilled}}")).isIn("0 false", "143 false");
        assertThat(docker("logs", name)).containsPattern("jcadvisor.* stopped in \\d");
    }

    // --- helpers ------------------------------------------------------------------------------

    private static String sibling(String name, String image, String... optionsAndCommand) throws IOException {
        started.add(name);
        List<String> argv = new ArrayList<>(List.of("run", "-d", "--name", name));
        int i = 0;
        while (i < optionsAndCommand.length && optionsAndCommand[i].startsWith("--")) {
            argv.add(optionsAndCommand[i++]);
            argv.add(optionsAndCommand[i++]);
        }
        argv.add(image);
        argv.addAll(List.of(optionsAndCommand).subList(i, optionsAndCommand.length));
        return docker(argv.toArray(String[]::new));
    }

    private static String inspect(String name, String format) {
        try {
            return docker("inspect", "-f", format, name);
        } catch (IOException e) {
            return e.getMessage();
        }
    }

    /** The DaemonSet's terminationGracePeriodSeconds. */
    private static long graceSeconds() throws IOException {
        Matcher m = Pattern.compile("terminationGracePeriodSeconds: (\\d+)")
                .matcher(Files.readString(SourceFiles.project().resolve("kubernetes/daemonset.yaml")));
        assertThat(m.find()).as("terminationGracePeriodSeconds in the DaemonSet").isTrue();
        return Long.parseLong(m.group(1));
    }

    private static JsonNode dockerContainer(String name) {
        try {
            JsonNode answer = JSON.readTree(AgentImage.get(agent.api("/api/v1.3/docker/" + name)));
            return answer.elements().hasNext() ? answer.elements().next() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static JsonNode oomEvents() {
        try {
            return JSON.readTree(AgentImage.get(agent.api("/api/v1.3/events?oom_events=true&subcontainers=true")));
        } catch (IOException e) {
            return JSON.createArrayNode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return JSON.createArrayNode();
        }
    }

    private static double cpuSeconds(String metrics, String nameLabel) {
        // One series per CPU; their sum is the container's cumulative CPU.
        return metrics.lines().filter(l -> l.startsWith("container_cpu_usage_seconds_total{") && l.contains(nameLabel))
                .mapToDouble(ImageIT::value).reduce(Double::sum).orElse(-1);
    }

    /** The sample value: the word after the labels (a timestamp may follow it). */
    private static double value(String sampleLine) {
        return Double.parseDouble(sampleLine.substring(sampleLine.lastIndexOf('}') + 1).trim().split(" ")[0]);
    }

    /** The first sample line of {@code metric} carrying {@code label}, or null. */
    private static String line(String metrics, String metric, String label) {
        return metrics.lines().filter(l -> l.startsWith(metric + "{") && l.contains(label)).findFirst().orElse(null);
    }
}
