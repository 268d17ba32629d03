package io.jcadvisor.container.containerd;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.jcadvisor.testing.ApiJson.awaitStatus;
import static io.jcadvisor.testing.ApiJson.getJson;
import static io.jcadvisor.testing.ApiJson.texts;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The systemd cgroup driver's Kubernetes layout, which this host cannot make live (PID 1 is not systemd,
 * so runc refuses {@code SystemdCgroup = true}: docs/containerd.md): the cgroup v2 fixture host
 * {@code cgroup-v2-kubepods-systemd} has {@code kubepods.slice}, the burstable and besteffort QoS slices,
 * one pod slice per QoS class (a guaranteed pod sits right under {@code kubepods.slice}) and a
 * {@code cri-containerd-<id>.scope} per container, the pod's pause sandbox included. containerd 2.1
 * ({@code bin/containerd-peer}) knows those ids: before the agent starts, {@link Pods} creates them
 * (no task) in a namespace of their own with the labels CRI sets. The agent must claim every scope for
 * containerd under its full cgroup name, with the id taken from {@code cri-containerd-<id>.scope}, and
 * read its stats from the fixture's files; the slices stay raw cgroups.
 */
@QuarkusTest
@TestProfile(SystemdDriverPodsOn21LiveTest.Node.class)
class SystemdDriverPodsOn21LiveTest {

    static final ContainerdDaemon DAEMON = ContainerdDaemon.PEER_2_1;

    /** A container of the fixture: its scope's cgroup name and what its files and CRI labels say. */
    record Scope(String id, String cgroup, boolean sandbox, String pod, String namespace, String uid, String container,
            long memoryBytes, long cpuUsec, String memoryMax, String cpuMax) {

        String podSlice() {
            return cgroup.substring(0, cgroup.lastIndexOf('/'));
        }
    }

    static final String GUARANTEED = "/kubepods.slice/kubepods-poda1b2c3d4_0000_4000_8000_000000000001.slice";
    static final String BURSTABLE_QOS = "/kubepods.slice/kubepods-burstable.slice";
    static final String BURSTABLE = BURSTABLE_QOS + "/kubepods-burstable-podb1b2c3d4_0000_4000_8000_000000000002.slice";
    static final String BESTEFFORT_QOS = "/kubepods.slice/kubepods-besteffort.slice";
    static final String BESTEFFORT = BESTEFFORT_QOS + "/kubepods-besteffort-podc1b2c3d4_0000_4000_8000_000000000003.slice";

    static final List<Scope> SCOPES = List.of(
            scope("7a80ba7897cdffe3a03266e55819b7b84e28395401a9d2bfc088395528441219", GUARANTEED, true, "web-0", "shop",
                    "a1b2c3d4-0000-4000-8000-000000000001", "", 270336, 12000, "max", "max 100000"),
            scope("5f9ddb1e6e2e2bb0c0ce1597ac7e7110f490daa45f0968413509b228c2bd9916", GUARANTEED, false, "web-0", "shop",
                    "a1b2c3d4-0000-4000-8000-000000000001", "nginx", 20971520, 1500000, "268435456", "50000 100000"),
            scope("2588f160ea26644b5dabac177bad2b02e379d44d4e562f8f221352fc2262959a", BURSTABLE, true, "api-7d9f", "shop",
                    "b1b2c3d4-0000-4000-8000-000000000002", "", 270336, 12000, "max", "max 100000"),
            scope("6264744659a123370582508ffb8b03bf5bbdfbceab77b5b4c883cee17f2febe9", BURSTABLE, false, "api-7d9f", "shop",
                    "b1b2c3d4-0000-4000-8000-000000000002", "api", 41943040, 3000000, "134217728", "100000 100000"),
            scope("489123954229662dffb099f252c6da03099790ff98dd7ebef2080063160aa7ae", BURSTABLE, false, "api-7d9f", "shop",
                    "b1b2c3d4-0000-4000-8000-000000000002", "sidecar", 8388608, 250000, "max", "max 100000"),
            scope("811cf9e30a2e991e58f035acaffc1cd604f5bd9a2bd8665b0db6647b24ed57ae", BESTEFFORT, true, "job-x", "batch",
                    "c1b2c3d4-0000-4000-8000-000000000003", "", 270336, 12000, "max", "max 100000"),
            scope("ddedb99bc89ccaef36acf1ce28264a6ee008212996a721f0ab9f010cf0f7d7f9", BESTEFFORT, false, "job-x", "batch",
                    "c1b2c3d4-0000-4000-8000-000000000003", "worker", 16777216, 900000, "max", "max 100000"));

    private static Scope scope(String id, String podSlice, boolean sandbox, String pod, String namespace, String uid,
            String container, long memoryBytes, long cpuUsec, String memoryMax, String cpuMax) {
        return new Scope(id, podSlice + "/cri-containerd-" + id + ".scope", sandbox, pod, namespace, uid, container,
                memoryBytes, cpuUsec, memoryMax, cpuMax);
    }

    /** One namespace per run: the fixture's ids are fixed, and another run may hold them at the same time. */
    static final String NAMESPACE = "jcadv-kubepods-" + CtrCli.uniqueId().substring(0, 8);

    /** The agent on the fixture node, talking to containerd 2.1 in {@link #NAMESPACE}; no Docker or Podman. */
    public static class Node implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("cadvisor.host.root", Path.of("src/test/resources/host/cgroup-v2-kubepods-systemd")
                            .toAbsolutePath().toString(),
                    "cadvisor.runtimes.containerd.endpoint", DAEMON.socket,
                    "cadvisor.runtimes.docker.enabled", "false",
                    "cadvisor.runtimes.podman.enabled", "false",
                    "cadvisor.metrics.disable", "advtcp,tcp,udp");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(Pods.class));
        }
    }

    /**
     * Before the agent starts: the test image in {@link #NAMESPACE} and a container per fixture scope,
     * labelled as CRI labels a pod's sandbox and containers. Removed with the namespace afterwards.
     */
    public static class Pods implements QuarkusTestResourceLifecycleManager {

        private final CtrCli ctr = new CtrCli(DAEMON, NAMESPACE);

        @Override
        public Map<String, String> start() {
            try {
                assertThat(new CtrCli(DAEMON).available()).as(DAEMON.provisionHint()).isTrue();
                System.out.printf("%s: server version %s, namespace %s%n", DAEMON, ctr.serverVersion(), NAMESPACE);
                CtrCli.run(List.of("bash", "-c", "/usr/bin/docker save jcadvisor/busybox:latest | "
                        + String.join(" ", ctr.command("-n", NAMESPACE, "images", "import", "-")) + " >/dev/null"));
                for (Scope s : SCOPES) {
                    List<String> labels = new ArrayList<>(List.of(
                            "io.cri-containerd.kind=" + (s.sandbox() ? "sandbox" : "container"),
                            "io.kubernetes.pod.name=" + s.pod(), "io.kubernetes.pod.namespace=" + s.namespace(),
                            "io.kubernetes.pod.uid=" + s.uid()));
                    if (!s.sandbox()) {
                        labels.add("io.kubernetes.container.name=" + s.container());
                    }
                    List<String> options = new ArrayList<>();
                    for (String label : labels) {
                        options.addAll(List.of("--label", label));
                    }
                    ctr.create(s.id(), options);
                }
            } catch (IOException e) {
                stop();
                throw new UncheckedIOException(e);
            }
            return Map.of("cadvisor.runtimes.containerd.namespace", NAMESPACE);
        }

        @Override
        public void stop() {
            ctr.removeAll();
            ctr.removeImageAndNamespace();
        }
    }

    @Test
    void everyScopeIsAContainerdContainerNamedByItsCgroupWithTheIdFromTheScopeName() throws Exception {
        for (Scope s : SCOPES) {
            awaitStatus("/api/v1.3/containers" + s.cgroup(), 200, Duration.ofSeconds(10));
            JsonNode info = getJson("/api/v1.3/containers" + s.cgroup());
            assertThat(info.path("name").asText()).isEqualTo(s.cgroup());
            assertThat(info.path("namespace").asText()).as(s.cgroup()).isEqualTo("containerd");
            assertThat(texts(info.path("aliases"))).containsExactly(s.id(), s.cgroup());
            JsonNode spec = info.path("spec");
            assertThat(spec.path("image").asText()).isEqualTo(CtrCli.IMAGE);
            assertThat(spec.path("labels").path("io.kubernetes.pod.name").asText()).isEqualTo(s.pod());
            assertThat(spec.path("labels").path("io.kubernetes.pod.namespace").asText()).isEqualTo(s.namespace());
            assertThat(spec.path("labels").path("io.kubernetes.pod.uid").asText()).isEqualTo(s.uid());
            assertThat(spec.path("labels").path("io.cri-containerd.kind").asText())
                    .isEqualTo(s.sandbox() ? "sandbox" : "container");
            assertThat(spec.path("has_network").asBoolean()).as("only the sandbox owns the pod's network")
                    .isEqualTo(s.sandbox());
        }
    }

    @Test
    void statsAndLimitsComeFromEachScopesFiles() throws Exception {
        for (Scope s : SCOPES) {
            awaitStatus("/api/v1.3/containers" + s.cgroup(), 200, Duration.ofSeconds(10));
            JsonNode info = getJson("/api/v1.3/containers" + s.cgroup());
            JsonNode spec = info.path("spec");
            // memory.max "max" is unlimited: 2^64-1, as upstream writes it.
            assertThat(spec.path("memory").path("limit").asText())
                    .isEqualTo(s.memoryMax().equals("max") ? "18446744073709551615" : s.memoryMax());
            String[] cpuMax = s.cpuMax().split(" ");
            if (cpuMax[0].equals("max")) {
                assertThat(spec.path("cpu").path("quota").asLong()).isZero();
            } else {
                assertThat(spec.path("cpu").path("quota").asLong()).isEqualTo(Long.parseLong(cpuMax[0]));
                assertThat(spec.path("cpu").path("period").asLong()).isEqualTo(Long.parseLong(cpuMax[1]));
            }
            JsonNode stats = info.path("stats");
            assertThat(stats.size()).as("samples of %s", s.cgroup()).isPositive();
            JsonNode latest = stats.get(stats.size() - 1);
            assertThat(latest.path("memory").path("usage").asLong()).isEqualTo(s.memoryBytes());
            assertThat(latest.path("cpu").path("usage").path("total").asLong()).isEqualTo(s.cpuUsec() * 1000);
        }
    }

    @Test
    void kubepodsQosAndPodSlicesAreRawCgroupsWithTheScopesBelow() throws Exception {
        JsonNode kubepods = getJson("/api/v1.3/containers/kubepods.slice");
        assertThat(kubepods.path("namespace").isMissingNode()).isTrue();
        assertThat(texts(kubepods.path("subcontainers"), "name"))
                .containsExactlyInAnyOrder(GUARANTEED, BURSTABLE_QOS, BESTEFFORT_QOS);
        assertThat(texts(getJson("/api/v1.3/containers" + BURSTABLE_QOS).path("subcontainers"), "name"))
                .containsExactly(BURSTABLE);
        JsonNode pod = getJson("/api/v1.3/containers" + BURSTABLE);
        assertThat(pod.path("namespace").isMissingNode()).as("a pod slice is a raw cgroup").isTrue();
        assertThat(pod.path("aliases").isMissingNode()).isTrue();
        assertThat(texts(pod.path("subcontainers"), "name")).containsExactlyInAnyOrderElementsOf(
                SCOPES.stream().filter(s -> s.podSlice().equals(BURSTABLE)).map(Scope::cgroup).toList());
        // The pod slice's memory.current: its three scopes' together.
        JsonNode stats = pod.path("stats");
        assertThat(stats.get(stats.size() - 1).path("memory").path("usage").asLong())
                .isEqualTo(270336L + 41943040L + 8388608L);
        assertThat(getJson("/api/v1.3/containers/system.slice/containerd.service").path("namespace").isMissingNode())
                .isTrue();
    }

    @Test
    void metricsCarryTheScopeAsIdTheContainerdIdAsNameAndThePodLabels() throws Exception {
        for (Scope s : SCOPES) {
            awaitStatus("/api/v1.3/containers" + s.cgroup(), 200, Duration.ofSeconds(10));
        }
        String metrics = given().get("/metrics").then().statusCode(200).extract().asString();
        for (Scope s : SCOPES) {
            List<String> series = metrics.lines()
                    .filter(l -> l.startsWith("container_memory_usage_bytes{") && l.contains("id=\"" + s.cgroup() + "\""))
                    .toList();
            assertThat(series).as(s.cgroup()).singleElement().asString()
                    .contains("name=\"" + s.id() + "\"")
                    .contains("image=\"" + CtrCli.IMAGE + "\"")
                    .contains("container_label_io_kubernetes_pod_name=\"" + s.pod() + "\"")
                    .contains("container_label_io_kubernetes_pod_namespace=\"" + s.namespace() + "\"")
                    .contains("container_label_io_kubernetes_container_name=\"" + s.container() + "\"");
            String line = series.get(0);
            String value = line.substring(line.lastIndexOf('}') + 1).trim().split(" ")[0];
            assertThat(Double.parseDouble(value)).isEqualTo((double) s.memoryBytes());
        }
    }
}
