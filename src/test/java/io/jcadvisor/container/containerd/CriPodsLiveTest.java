package io.jcadvisor.container.containerd;

import com.fasterxml.jackson.databind.JsonNode;
import io.jcadvisor.testing.Eth0;
import io.jcadvisor.testing.Await;
import io.jcadvisor.testing.Commands;
import io.jcadvisor.testing.PrivateContainerd;
import io.jcadvisor.testing.SampleProbe;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
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

import static io.jcadvisor.container.containerd.CriServed.seriesOf;
import static io.jcadvisor.testing.ApiJson.awaitStatus;
import static io.jcadvisor.testing.ApiJson.getJson;
import static io.jcadvisor.testing.ApiJson.texts;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Kubernetes node as the kubelet drives it, with the cgroupfs driver: pods run through the CRI API of
 * a {@link PrivateContainerd} (real runc, real CNI bridge) by {@link KubeletPods}, and the agent, wired
 * as on a node ({@code cadvisor.runtimes.containerd.namespace=k8s.io}, that daemon's socket), asked
 * only through its HTTP API. Pods in three namespaces and all three QoS classes, one to three containers
 * each: some burn CPU, one moves bytes on the pod network, one is OOM-killed, one is restarted, one is
 * deleted. Everything is removed afterwards: pods, pod and QoS cgroups, the daemon with its bridge and
 * directory.
 */
@QuarkusTest
@TestProfile(CriPodsLiveTest.OnPrivateContainerd.class)
class CriPodsLiveTest {

    /** The agent on the private containerd's socket, tracking CRI's namespace. */
    public static class OnPrivateContainerd implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("cadvisor.host.root", "/",
                    "cadvisor.runtimes.containerd.namespace", PrivateContainerd.NAMESPACE,
                    "cadvisor.metrics.disable", "advtcp,cpu_topology,cpuset,hugetlb,memory_numa,referenced_memory,"
                            + "resctrl,sched,tcp,udp");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(Daemon.class));
        }
    }

    /** Starts the private containerd before the agent, stops it (and removes all it made) after. */
    public static class Daemon implements QuarkusTestResourceLifecycleManager {
        /** Init argument: the containerd binary to run (else {@link PrivateContainerd#configuredBinary()}). */
        static final String BINARY = "binary";
        static volatile PrivateContainerd current;
        private String binary;

        @Override
        public void init(Map<String, String> initArgs) {
            binary = initArgs.get(BINARY);
        }

        @Override
        public Map<String, String> start() {
            try {
                current = binary == null ? PrivateContainerd.start() : PrivateContainerd.start(Path.of(binary));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return Map.of("cadvisor.runtimes.containerd.endpoint", current.socket().toString());
        }

        @Override
        public void stop() {
            if (current != null) {
                current.close();
            }
        }
    }

    private static final SampleProbe SAMPLES = new SampleProbe(
            cgroup -> getJson("/api/v1.3/containers" + cgroup).path("stats"),
            cgroup -> "/api/v1.3/containers" + cgroup);
    private static final long MIB = 1 << 20;
    /** Pings of the web pod's sidecar to the bridge, of {@value #PING_SIZE} payload bytes each. */
    private static final int PINGS = 20;
    private static final int PING_SIZE = 1000;
    private static final String BURN = "while :; do :; done";
    private static final String IDLE = "sleep 3600";

    static Vertx vertx;
    static KubeletPods kubelet;
    static KubeletPods.Pod web;
    static KubeletPods.Pod batch;
    static KubeletPods.Pod db;
    static KubeletPods.Pod hog;
    static KubeletPods.Pod cron;

    @BeforeAll
    static void runPods() throws Exception {
        long start = System.nanoTime();
        PrivateContainerd containerd = Daemon.current;
        System.out.println("CRI pods on " + containerd.version() + ", bridge " + containerd.bridge());
        vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
        kubelet = new KubeletPods(vertx, containerd);
        // First, so that its kill overlaps the other pods' start; CPU to grow its string quickly.
        hog = kubelet.run("hog", "jobs", List.of(
                KubeletPods.ContainerSpec.of("hog", "sleep 1; x=$(head -c 200000000 /dev/zero | tr '\\0' a)")
                        .cpu(100, 0).memory(16 * MIB, 32 * MIB)));
        web = kubelet.run("web", "shop", List.of(
                KubeletPods.ContainerSpec.of("app", BURN).cpu(100, 500).memory(32 * MIB, 64 * MIB),
                KubeletPods.ContainerSpec.of("sidecar", "ping -c " + PINGS + " -i 0.2 -s " + PING_SIZE + " "
                        + containerd.gateway() + "; " + IDLE)));
        batch = kubelet.run("batch", "jobs", List.of(
                KubeletPods.ContainerSpec.of("worker", IDLE),
                // Limited, like the web app: the host is shared.
                KubeletPods.ContainerSpec.of("burner", BURN).cpu(50, 200),
                KubeletPods.ContainerSpec.of("idle", IDLE)));
        db = kubelet.run("db", "shop", List.of(
                KubeletPods.ContainerSpec.of("db", IDLE).cpu(200, 200).memory(64 * MIB, 64 * MIB)));
        cron = kubelet.run("cron", "default", List.of(KubeletPods.ContainerSpec.of("job", IDLE)));
        System.out.printf("5 pods, 8 containers running after %d ms%n", (System.nanoTime() - start) / 1_000_000);
    }

    @AfterAll
    static void removePods() {
        if (kubelet != null) {
            kubelet.close();
        }
        if (vertx != null) {
            vertx.close();
        }
    }

    static List<KubeletPods.Pod> runningPods() {
        return List.of(web, batch, db, cron);
    }

    @Test
    void everyPodContainerIsServedWithAliasesImageAndKubeletLabels() throws Exception {
        for (KubeletPods.Pod pod : runningPods()) {
            for (Map.Entry<String, String> c : pod.containers.entrySet()) {
                String id = c.getValue();
                String name = pod.cgroupOf(id);
                awaitStatus("/api/v1.3/containers" + name, 200, Duration.ofSeconds(10));
                CriServed.assertContainer(getJson("/api/v1.3/containers" + name), pod, c.getKey(), id);
            }
            String sandbox = pod.sandboxCgroup();
            awaitStatus("/api/v1.3/containers" + sandbox, 200, Duration.ofSeconds(10));
            JsonNode info = getJson("/api/v1.3/containers" + sandbox);
            CriServed.assertSandbox(info, pod);
            assertThat(info.path("spec").path("labels").path("app").asText()).isEqualTo(pod.name);
        }
        JsonNode db0 = getJson("/api/v1.3/containers" + db.cgroupOf(db.id("db"))).path("spec");
        assertThat(db0.path("memory").path("limit").asLong()).isEqualTo(64 * MIB);
        assertThat(db0.path("cpu").path("quota").asLong()).isEqualTo(KubeletPods.quota(200));
        assertThat(db0.path("cpu").path("limit").asLong()).isEqualTo(KubeletPods.shares(200));
    }

    @Test
    void qosAndPodCgroupsAreRawContainersAsUpstreamShowsThem() throws Exception {
        for (KubeletPods.Pod pod : runningPods()) {
            awaitStatus("/api/v1.3/containers" + pod.sandboxCgroup(), 200, Duration.ofSeconds(10));
        }
        JsonNode kubepods = getJson("/api/v1.3/containers/kubepods");
        assertThat(kubepods.path("namespace").isMissingNode()).isTrue();
        assertThat(kubepods.path("aliases").isMissingNode()).isTrue();
        assertThat(texts(kubepods.path("subcontainers"), "name")).contains("/kubepods/burstable",
                "/kubepods/besteffort", db.cgroup());
        assertThat(texts(getJson("/api/v1.3/containers/kubepods/burstable").path("subcontainers"), "name"))
                .contains(web.cgroup(), batch.cgroup(), hog.cgroup());
        assertThat(texts(getJson("/api/v1.3/containers/kubepods/besteffort").path("subcontainers"), "name"))
                .contains(cron.cgroup());

        JsonNode pod = getJson("/api/v1.3/containers" + web.cgroup());
        assertThat(pod.path("namespace").isMissingNode()).as("a pod cgroup is raw").isTrue();
        assertThat(pod.path("spec").path("labels").isMissingNode()).isTrue();
        List<String> expected = new ArrayList<>(List.of(web.sandboxCgroup()));
        web.containers.values().forEach(id -> expected.add(web.cgroupOf(id)));
        assertThat(texts(pod.path("subcontainers"), "name")).containsExactlyInAnyOrderElementsOf(expected);
        // limits written just after the pod cgroup was made: see below
        JsonNode podSpec = Await.poll(Duration.ofSeconds(15), Duration.ofMillis(200),
                () -> specOf(web.cgroup()),
                spec -> spec.path("cpu").path("limit").asLong() == KubeletPods.shares(100));
        assertThat(podSpec.path("cpu").path("limit").asLong()).isEqualTo(KubeletPods.shares(100));

        // The kubelet (here KubeletPods) writes a pod cgroup's limits just after making it, and the agent
        // may have read the spec in between: it reads it again once its spec cache (5 s) has passed.
        JsonNode guaranteed = Await.poll(Duration.ofSeconds(15), Duration.ofMillis(200),
                () -> specOf(db.cgroup()),
                spec -> spec.path("memory").path("limit").asLong() == 64 * MIB);
        assertThat(guaranteed.path("memory").path("limit").asLong()).isEqualTo(64 * MIB);
        assertThat(guaranteed.path("cpu").path("quota").asLong()).isEqualTo(KubeletPods.quota(200));
        // The QoS cgroup too: made again by this class's first pod when an earlier run removed it.
        JsonNode bestEffort = Await.poll(Duration.ofSeconds(15), Duration.ofMillis(200),
                () -> specOf("/kubepods/besteffort"), spec -> spec.path("cpu").path("limit").asLong() == 2);
        assertThat(bestEffort.path("cpu").path("limit").asLong()).isEqualTo(2);
    }

    /** The spec the agent serves for a cgroup. */
    private static JsonNode specOf(String cgroup) {
        try {
            return getJson("/api/v1.3/containers" + cgroup).path("spec");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void podNetworkIsReadThroughItsSandbox() throws Exception {
        String sandbox = web.sandboxCgroup();
        int pause = Integer.parseInt(Files.readAllLines(Path.of("/sys/fs/cgroup/memory" + sandbox + "/cgroup.procs"))
                .get(0).trim());
        long sent = (long) PINGS * PING_SIZE;
        long[] direct = new long[2];
        Await.until(Duration.ofSeconds(30), () -> {
            long[] now = Eth0.bytes(pause);
            direct[0] = now[0];
            direct[1] = now[1];
            return now[1] >= sent && now[0] >= sent;
        });
        // A sample taken after that read: both counters at least what the netns showed then.
        JsonNode fresh = Await.poll(Duration.ofSeconds(10), Duration.ofMillis(50), () -> {
            try {
                return SAMPLES.latestSample(sandbox);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, s -> s != null && Eth0.field(s, "tx_bytes") >= direct[1] && Eth0.field(s, "rx_bytes") >= direct[0]);
        long tx = Eth0.field(fresh, "tx_bytes");
        long rx = Eth0.field(fresh, "rx_bytes");
        long[] after = Eth0.bytes(pause);
        System.out.printf("web pod eth0: agent rx %d tx %d; netns of pid %d rx %d..%d tx %d..%d%n", rx, tx, pause,
                direct[0], after[0], direct[1], after[1]);
        assertThat(tx).isBetween(direct[1], after[1]);
        assertThat(rx).isBetween(direct[0], after[0]);

        String sidecar = web.cgroupOf(web.id("sidecar"));
        JsonNode sample = SAMPLES.latestSample(sidecar);
        assertThat(sample.path("network").path("interfaces").size()).as("as upstream: only the sandbox").isZero();

        String metrics = scrape();
        assertThat(metrics.lines().filter(l -> l.startsWith("container_network_transmit_bytes_total{")
                && l.contains("id=\"" + sandbox + "\"") && l.contains("interface=\"eth0\"")).toList())
                .singleElement().asString().contains("container_label_io_kubernetes_pod_name=\"web\"")
                .contains("container_label_io_cri_containerd_kind=\"sandbox\"");
    }

    /** rx and tx bytes of eth0 in the network namespace of {@code pid}, from {@code /proc/<pid>/net/dev}. */

    @Test
    void busyContainerUsesCpuAndIdleOneDoesNot() throws Exception {
        SAMPLES.assertBusyUsesCpuAndIdleDoesNot(web.cgroupOf(web.id("app")), batch.cgroupOf(batch.id("idle")), "CRI");
    }

    /**
     * As upstream: the {@code oom} event names the cgroup of the killed task ({@code task_memcg}), the
     * {@code oomKill} event the cgroup whose limit was hit ({@code oom_memcg}). Here that is the pod's:
     * the kubelet limits a pod whose containers all have limits to their sum, and the pause process
     * counts against it too, so the pod reaches its limit before the container does.
     */
    @Test
    void oomEventsNameTheKilledContainerAndTheCgroupWhoseLimitWasHit() throws Exception {
        String id = hog.id("hog");
        String name = hog.cgroupOf(id);
        long start = System.nanoTime();
        CriMessages.ContainerStatus status = Await.poll(Duration.ofSeconds(60), Duration.ofMillis(200), () -> {
            try {
                return kubelet.cri().containerStatus(id);
            } catch (ContainerdException e) {
                throw new IllegalStateException(e);
            }
        }, s -> s.state() == CriMessages.ContainerStatus.EXITED);
        System.out.printf("hog exited %d ms into the test: %s%n", (System.nanoTime() - start) / 1_000_000, status);
        assertThat(status.reason()).isEqualTo("OOMKilled");
        assertThat(status.exitCode()).isEqualTo(137);
        String query = "/api/v1.3/events?oom_events=true&oom_kill_events=true&subcontainers=true&max_events=-1";
        // One event per kill the kernel logged: it may kill in the container twice (a second task over the
        // limit before the first victim's pages were freed; seen once in CI), and each kill is one record.
        OomTally tally;
        try {
            tally = Await.poll(Duration.ofSeconds(10), Duration.ofMillis(100), () -> {
                List<String> kills = kernelOomKills();
                return new OomTally(
                        kills.stream().filter(l -> l.contains(",task_memcg=" + name + ",")).count(),
                        kills.stream().filter(l -> l.contains(",oom_memcg=" + hog.cgroup() + ",")).count(),
                        oomEventsOf(query, name), oomEventsOf(query, hog.cgroup()));
            }, OomTally::agentMatchesKernel);
        } catch (AssertionError e) {
            throw new AssertionError("oom events of " + name + " not one per kernel record: " + getJson(query), e);
        }
        System.out.println(tally);
        JsonNode kill = null;
        for (JsonNode e : getJson(query)) {
            if (e.path("container_name").asText().equals(hog.cgroup())) {
                kill = e;
            }
        }
        assertThat(kill.path("event_data").path("oom").path("process_name").asText()).isEqualTo("sh");
        assertThat(kill.path("event_data").path("oom").path("constraint").asText()).isEqualTo("CONSTRAINT_MEMCG");
    }

    /**
     * The kernel's oom-kill records of the container (its {@code task_memcg}) and of the pod's limit (its
     * {@code oom_memcg}), beside the agent's events of each.
     */
    private record OomTally(long killsInContainer, long killsAtPodLimit, List<String> ofContainer, List<String> ofPod) {
        boolean agentMatchesKernel() {
            return killsInContainer > 0
                    && ofContainer.size() == killsInContainer && ofContainer.stream().allMatch("oom"::equals)
                    && ofPod.size() == killsAtPodLimit && ofPod.stream().allMatch("oomKill"::equals);
        }
    }

    /** The kernel's {@code oom-kill:} records still in its ring buffer, as {@code dmesg} prints them. */
    private static List<String> kernelOomKills() {
        try {
            return Commands.run(List.of("dmesg")).lines().filter(l -> l.contains("oom-kill:")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> oomEventsOf(String query, String name) {
        List<String> types = new ArrayList<>();
        try {
            for (JsonNode e : getJson(query)) {
                if (e.path("container_name").asText().equals(name)) {
                    types.add(e.path("event_type").asText());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return types;
    }

    @Test
    void restartedContainerIsServedUnderItsNewIdAndTheOldOneIsGone() throws Exception {
        String old = cron.id("job");
        awaitStatus("/api/v1.3/containers" + cron.cgroupOf(old), 200, Duration.ofSeconds(10));
        String fresh = kubelet.restart(cron, "job");
        assertThat(fresh).isNotEqualTo(old);
        awaitStatus("/api/v1.3/containers" + cron.cgroupOf(fresh), 200, Duration.ofSeconds(10));
        awaitStatus("/api/v1.3/containers" + cron.cgroupOf(old), 404, Duration.ofSeconds(10));
        // sleep, the container's pid 1, ignores SIGTERM: the grace period ends in SIGKILL.
        String events = "/api/v1.3/events" + cron.cgroupOf(old) + "?deletion_events=true";
        JsonNode deletion = Await.poll(Duration.ofSeconds(10), Duration.ofMillis(100), () -> {
            try {
                return getJson(events);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, e -> e.size() == 1).get(0);
        assertThat(deletion.path("event_data").path("container_deletion").path("exit_code").asInt()).isEqualTo(137);
        JsonNode labels = getJson("/api/v1.3/containers" + cron.cgroupOf(fresh)).path("spec").path("labels");
        assertThat(labels.path("io.kubernetes.container.name").asText()).isEqualTo("job");
        assertThat(labels.path("io.kubernetes.pod.uid").asText()).isEqualTo(cron.uid);
        // A series needs a sample: served is not yet sampled.
        SAMPLES.awaitLatest(cron.cgroupOf(fresh), s -> 0);
        List<String> series = scrape().lines().filter(l -> l.startsWith("container_memory_usage_bytes{")
                && l.contains("container_label_io_kubernetes_pod_uid=\"" + cron.uid + "\"")
                && l.contains("container_label_io_kubernetes_container_name=\"job\"")).toList();
        assertThat(series).singleElement().asString().contains("id=\"" + cron.cgroupOf(fresh) + "\"");
    }

    @Test
    void deletedPodsSeriesAreGoneAtTheNextScrape() throws Exception {
        KubeletPods.Pod temp = kubelet.run("temp", "default", List.of(KubeletPods.ContainerSpec.of("main", IDLE),
                KubeletPods.ContainerSpec.of("helper", IDLE)));
        for (String id : temp.containers.values()) {
            awaitStatus("/api/v1.3/containers" + temp.cgroupOf(id), 200, Duration.ofSeconds(10));
            SAMPLES.awaitLatest(temp.cgroupOf(id), s -> 0);
        }
        assertThat(scrape()).contains(temp.uid);
        kubelet.remove(temp);
        assertThat(Path.of("/sys/fs/cgroup/memory" + temp.cgroup())).doesNotExist();
        Duration gone = awaitStatus("/api/v1.3/containers" + temp.cgroup(), 404, Duration.ofSeconds(5));
        String metrics = scrape();
        System.out.printf("pod cgroup 404 %d ms after RemovePodSandbox and its rmdir%n", gone.toMillis());
        assertThat(metrics.lines().filter(l -> l.contains(temp.uid)).toList()).isEmpty();
        assertThat(metrics.lines().filter(l -> temp.containers.values().stream().anyMatch(l::contains)).toList())
                .isEmpty();
    }

    @Test
    void metricsCarryTheKubeletLabelsAsCadvisorDoes() throws Exception {
        String app = web.cgroupOf(web.id("app"));
        SAMPLES.awaitLatest(app, s -> 0);
        SAMPLES.awaitLatest(web.cgroup(), s -> 0);
        String metrics = scrape();
        CriServed.assertAppSeries(metrics, web, "app", web.id("app"), 64d * MIB);
        assertThat(seriesOf(metrics, "container_memory_usage_bytes", web.sandboxCgroup())).singleElement()
                .asString().contains("image=\"" + PrivateContainerd.PAUSE_IMAGE + "\"")
                .contains("container_label_io_cri_containerd_kind=\"sandbox\"")
                .contains("container_label_app=\"web\"");
        // A raw cgroup has every label of the family, empty: cAdvisor writes one label set per family.
        assertThat(seriesOf(metrics, "container_memory_usage_bytes", web.cgroup())).singleElement().asString()
                .contains("name=\"\"").contains("image=\"\"").contains("container_label_io_kubernetes_pod_name=\"\"");
        assertThat(seriesOf(metrics, "container_memory_usage_bytes", "/kubepods/burstable")).hasSize(1);
    }

    private static String scrape() {
        return given().get("/metrics").then().statusCode(200).extract().asString();
    }
}
