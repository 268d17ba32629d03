package io.jcadvisor.build;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jcadvisor.container.containerd.CriServed;
import io.jcadvisor.container.containerd.KubeletPods;
import io.jcadvisor.testing.Eth0;
import io.jcadvisor.testing.Await;
import io.jcadvisor.testing.PrivateContainerd;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.jcadvisor.container.containerd.CriServed.seriesOf;
import static io.jcadvisor.testing.ApiJson.texts;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JVM image on a Kubernetes node: the README's {@code docker run} command (host root at
 * {@code /rootfs}, {@code --pid host}, read-only, the capability set), with the containerd endpoint
 * set as the DaemonSet sets it ({@code CADVISOR_RUNTIMES_CONTAINERD_ENDPOINT}, namespace left at its
 * default {@code k8s.io}) and pointing at a {@link PrivateContainerd}'s socket, mounted into the
 * container. The pods are run through that daemon's CRI API by {@link KubeletPods}: a burstable pod
 * in namespace {@code shop} with a CPU burner under a quota and a sidecar that pings the bridge, a
 * guaranteed one in {@code data}, and a best-effort one that is deleted. Everything expected is read
 * from the host or the harness, never from inside the agent's container; everything made is removed
 * afterwards, also when a step fails.
 */
class CriPodsImageIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String AGENT = "cri-image-it-" + UUID.randomUUID().toString().substring(0, 8);
    /** Where the private containerd's socket is mounted in the agent's container. */
    private static final String SOCKET_IN_CONTAINER = "/cri/containerd.sock";
    private static final long MIB = 1 << 20;
    private static final int PINGS = 20;
    private static final int PING_SIZE = 1000;
    private static final String IDLE = "sleep 3600";
    private static final Duration SERVED = Duration.ofSeconds(30);

    private static PrivateContainerd containerd;
    private static Vertx vertx;
    private static KubeletPods kubelet;
    private static AgentImage.Agent agent;
    private static KubeletPods.Pod web;
    private static KubeletPods.Pod db;

    @BeforeAll
    static void startAgentImageOnANodeWithPods() throws Exception {
        long start = System.nanoTime();
        AgentImage.build();
        long built = System.nanoTime();
        containerd = PrivateContainerd.start();
        vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
        kubelet = new KubeletPods(vertx, containerd);
        // The agent first: its JVM starts while the pods do, and it finds them as they appear.
        agent = AgentImage.start(AGENT, List.of(
                "-v", containerd.socket() + ":" + SOCKET_IN_CONTAINER,
                "-e", "CADVISOR_RUNTIMES_CONTAINERD_ENDPOINT=" + SOCKET_IN_CONTAINER));
        web = kubelet.run("web", "shop", List.of(
                // A tenth of a core: live CPU without loading the shared host.
                KubeletPods.ContainerSpec.of("app", "while :; do :; done").cpu(50, 100).memory(32 * MIB, 64 * MIB),
                KubeletPods.ContainerSpec.of("sidecar", "ping -c " + PINGS + " -i 0.2 -s " + PING_SIZE + " "
                        + containerd.gateway() + "; " + IDLE)));
        db = kubelet.run("db", "data", List.of(
                KubeletPods.ContainerSpec.of("db", IDLE).cpu(100, 100).memory(32 * MIB, 32 * MIB)));
        long podsRunning = System.nanoTime();
        AgentImage.awaitReady(agent);
        System.out.printf("image built in %d ms; containerd, agent started and 2 pods running %d ms later;"
                + " agent ready %d ms after that%n", (built - start) / 1_000_000, (podsRunning - built) / 1_000_000,
                (System.nanoTime() - podsRunning) / 1_000_000);
    }

    @AfterAll
    static void removeAgentPodsAndContainerd() {
        try {
            AgentImage.removeQuietly(AGENT);
        } finally {
            try {
                if (kubelet != null) {
                    kubelet.close();
                }
            } finally {
                try {
                    if (vertx != null) {
                        vertx.close();
                    }
                } finally {
                    if (containerd != null) {
                        containerd.close();
                    }
                }
            }
        }
    }

    @Test
    void everyPodContainerIsServedWithAliasesImageAndKubeletLabels() throws Exception {
        for (KubeletPods.Pod pod : List.of(web, db)) {
            for (Map.Entry<String, String> c : pod.containers.entrySet()) {
                String id = c.getValue();
                String name = pod.cgroupOf(id);
                CriServed.assertContainer(awaitContainer(name), pod, c.getKey(), id);
            }
            CriServed.assertSandbox(awaitContainer(pod.sandboxCgroup()), pod);
        }
        JsonNode dbSpec = container(db.cgroupOf(db.id("db"))).path("spec");
        assertThat(dbSpec.path("memory").path("limit").asLong()).isEqualTo(32 * MIB);
        assertThat(dbSpec.path("cpu").path("quota").asLong()).isEqualTo(KubeletPods.quota(100));
    }

    @Test
    void qosAndPodCgroupsAreRawContainers() throws Exception {
        awaitContainer(web.sandboxCgroup());
        awaitContainer(db.sandboxCgroup());
        JsonNode kubepods = container("/kubepods");
        assertThat(kubepods.path("namespace").isMissingNode()).as("a QoS cgroup is raw").isTrue();
        assertThat(kubepods.path("aliases").isMissingNode()).isTrue();
        // A guaranteed pod's cgroup sits right under /kubepods.
        assertThat(texts(kubepods.path("subcontainers"), "name")).contains("/kubepods/burstable", db.cgroup());
        assertThat(texts(container("/kubepods/burstable").path("subcontainers"), "name")).contains(web.cgroup());

        JsonNode pod = container(web.cgroup());
        assertThat(pod.path("namespace").isMissingNode()).as("a pod cgroup is raw").isTrue();
        assertThat(pod.path("spec").path("labels").isMissingNode()).isTrue();
        List<String> expected = new ArrayList<>(List.of(web.sandboxCgroup()));
        web.containers.values().forEach(id -> expected.add(web.cgroupOf(id)));
        assertThat(texts(pod.path("subcontainers"), "name")).containsExactlyInAnyOrderElementsOf(expected);
        // The harness writes a pod cgroup's limits just after making it; the agent may have read the
        // spec in between, and reads it again once its spec cache (5 s) has passed.
        JsonNode guaranteed = Await.poll(Duration.ofSeconds(15), Duration.ofMillis(500),
                () -> uncheckedContainer(db.cgroup()).path("spec"),
                spec -> spec.path("memory").path("limit").asLong() == 32 * MIB);
        assertThat(guaranteed.path("cpu").path("quota").asLong()).isEqualTo(KubeletPods.quota(100));
    }

    @Test
    void podNetworkIsReadThroughItsSandbox() throws Exception {
        String sandbox = web.sandboxCgroup();
        awaitContainer(sandbox);
        int pause = Integer.parseInt(Files.readAllLines(Path.of("/sys/fs/cgroup/memory" + sandbox + "/cgroup.procs"))
                .get(0).trim());
        long sent = (long) PINGS * PING_SIZE;
        long[] before = Await.poll(Duration.ofSeconds(30), Duration.ofMillis(200), () -> Eth0.bytes(pause),
                now -> now[0] >= sent && now[1] >= sent);
        // A sample taken after that read: both counters at least what the netns showed then.
        JsonNode fresh = Await.poll(Duration.ofSeconds(15), Duration.ofMillis(200), () -> latestSample(sandbox),
                s -> s != null && Eth0.field(s, "rx_bytes") >= before[0] && Eth0.field(s, "tx_bytes") >= before[1]);
        long[] after = Eth0.bytes(pause);
        assertThat(Eth0.field(fresh, "rx_bytes")).isBetween(before[0], after[0]);
        assertThat(Eth0.field(fresh, "tx_bytes")).isBetween(before[1], after[1]);
        JsonNode sidecar = latestSample(web.cgroupOf(web.id("sidecar")));
        assertThat(sidecar.path("network").path("interfaces").size()).as("as upstream: only the sandbox").isZero();

        List<String> tx = seriesOf(agent.metricsOrEmpty(), "container_network_transmit_bytes_total", sandbox).stream()
                .filter(l -> l.contains("interface=\"eth0\"")).toList();
        assertThat(tx).singleElement().asString().contains("container_label_io_kubernetes_pod_name=\"web\"")
                .contains("container_label_io_cri_containerd_kind=\"sandbox\"");
    }

    @Test
    void metricsCarryTheKubeletLabelsAndTheBurnersCpuGrows() throws Exception {
        String app = web.cgroupOf(web.id("app"));
        awaitContainer(app);
        double first = Await.poll(SERVED, Duration.ofMillis(500), () -> cpuSeconds(agent.metricsOrEmpty(), app), v -> v > 0);
        String text = agent.metricsOrEmpty();
        CriServed.assertAppSeries(text, web, "app", web.id("app"), 64d * MIB);
        Await.poll(SERVED, Duration.ofMillis(500), () -> cpuSeconds(agent.metricsOrEmpty(), app), v -> v > first);
    }

    @Test
    void deletedPodsSeriesAreGoneAtTheNextScrape() throws Exception {
        KubeletPods.Pod temp = kubelet.run("temp", "default", List.of(KubeletPods.ContainerSpec.of("main", IDLE),
                KubeletPods.ContainerSpec.of("helper", IDLE)));
        for (String id : temp.containers.values()) {
            String name = temp.cgroupOf(id);
            awaitContainer(name);
            Await.poll(SERVED, Duration.ofMillis(200), () -> latestSample(name), s -> s != null);
        }
        assertThat(temp.cgroup()).startsWith("/kubepods/besteffort/");
        Await.poll(SERVED, Duration.ofMillis(500), () -> {
            String m = agent.metricsOrEmpty();
            return temp.containers.values().stream().allMatch(id -> m.contains("name=\"" + id + "\""));
        }, all -> all);
        kubelet.remove(temp);
        assertThat(Path.of("/sys/fs/cgroup/memory" + temp.cgroup())).doesNotExist();
        Await.poll(Duration.ofSeconds(10), Duration.ofMillis(100), () -> status(temp.cgroup()), s -> s == 404);
        String metrics = agent.metricsOrEmpty();
        assertThat(metrics.lines().filter(l -> l.contains(temp.uid)).toList()).isEmpty();
        assertThat(metrics.lines().filter(l -> temp.containers.values().stream().anyMatch(l::contains)).toList())
                .isEmpty();
        assertThat(metrics.lines().filter(l -> l.contains(temp.sandboxId)).toList()).isEmpty();
    }

    // --- helpers ------------------------------------------------------------------------------

    private static JsonNode container(String name) throws IOException, InterruptedException {
        return JSON.readTree(AgentImage.get(agent.api("/api/v1.3/containers" + name)));
    }

    private static JsonNode uncheckedContainer(String name) {
        try {
            return container(name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Waits until the agent serves the cgroup; its answer. */
    private static JsonNode awaitContainer(String name) throws IOException, InterruptedException {
        try {
            Await.poll(SERVED, Duration.ofMillis(200), () -> status(name), s -> s == 200);
        } catch (AssertionError e) {
            throw new AssertionError("the agent does not serve " + name, e);
        }
        return container(name);
    }

    private static int status(String name) {
        return AgentImage.status(agent.api("/api/v1.3/containers" + name));
    }

    /** The newest sample of a served cgroup, or null before the first. */
    private static JsonNode latestSample(String name) {
        JsonNode stats = uncheckedContainer(name).path("stats");
        return stats.size() == 0 ? null : stats.get(stats.size() - 1);
    }

    /** The cumulative CPU of a cgroup: the sum of its per-CPU series, or -1 before its first. */
    private static double cpuSeconds(String metrics, String id) {
        return seriesOf(metrics, "container_cpu_usage_seconds_total", id).stream()
                .mapToDouble(CriServed::value).reduce(Double::sum).orElse(-1);
    }

    /** rx and tx bytes of eth0 in the network namespace of {@code pid}, from the host's {@code /proc}. */
}
