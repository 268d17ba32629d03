package io.jcadvisor.container.containerd;

import com.fasterxml.jackson.databind.JsonNode;
import io.jcadvisor.testing.Await;
import io.jcadvisor.testing.SampleProbe;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static io.jcadvisor.testing.ApiJson.awaitStatus;
import static io.jcadvisor.testing.ApiJson.getJson;
import static io.jcadvisor.testing.ApiJson.texts;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * containerd end to end: the agent as the application wires it on this host (real cgroup tree, the
 * system containerd that {@code bin/provision} starts, namespace {@value CtrCli#NAMESPACE}), asked only
 * through its HTTP API while {@code ctr} drives containers. {@code ctr run} puts a container's cgroup
 * at {@code /<namespace>/<id>} in every hierarchy. Containers are removed after each test, and the
 * namespace is swept before the first (a killed run leaves them). {@link ContainerdApiOn21LiveTest} runs
 * the same tests against containerd 2.1.
 */
@QuarkusTest
@TestProfile(ContainerdTestProfile.class)
class ContainerdApiLiveTest extends CtrLiveTest {

    private static final SampleProbe SAMPLES = new SampleProbe(
            id -> getJson("/api/v1.3/containers" + cgroup(id)).path("stats"),
            id -> "/api/v1.3/containers" + cgroup(id));

    /** A second namespace, which the agent must leave alone; one per run, so concurrent runs never share it. */
    private static final String OTHER_NAMESPACE = "jcadv-test-other-" + CtrCli.uniqueId().substring(0, 8);

    /** After {@link CtrLiveTest#containerdRuns()}: no container left in the namespace by an earlier run. */
    @BeforeAll
    void emptyNamespace() {
        ctr.removeNamespaceContainers();
    }

    @AfterAll
    void removeOtherNamespace() throws IOException {
        try {
            removeNamespace();
        } finally {
            removeNamespaceCgroups();
        }
    }

    /**
     * The per-namespace parent cgroups runc made for the test containers ({@code /<namespace>} in
     * every hierarchy): empty once the containers are gone, so removed too.
     */
    private static void removeNamespaceCgroups() throws IOException {
        try (var hierarchies = Files.list(Path.of("/sys/fs/cgroup"))) {
            for (Path hierarchy : hierarchies.toList()) {
                for (String namespace : List.of(CtrCli.NAMESPACE, OTHER_NAMESPACE)) {
                    try {
                        Files.deleteIfExists(hierarchy.resolve(namespace));
                    } catch (IOException busy) {
                        // Still holds a task or a child (another run): left for that run.
                    }
                }
            }
        }
    }

    private void removeNamespace() {
        CtrCli other = new CtrCli(daemon(), OTHER_NAMESPACE);
        other.removeNamespaceContainers();
        other.removeImageAndNamespace();
    }

    static String cgroup(String id) {
        return "/" + CtrCli.NAMESPACE + "/" + id;
    }

    @Test
    void aTaskThatExitedWithThreeHasExitCodeThreeInItsDeletionEvent() throws Exception {
        String id = ctr.runDetached(CtrCli.uniqueId(), List.of(), "sh", "-c", "sleep 1; exit 3");
        String name = cgroup(id);
        awaitStatus("/api/v1.3/containers" + name, 200, Duration.ofSeconds(5));
        // The exited task keeps its cgroup until it is deleted (ctr run -d deletes nothing by itself).
        Await.until(Duration.ofSeconds(10), () -> taskStatus(id).equals("STOPPED"));

        ctr.remove(id);
        String events = "/api/v1.3/events" + name + "?deletion_events=true";
        Await.until(Duration.ofSeconds(10), () -> {
            try {
                return getJson(events).size() == 1;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });

        JsonNode deletion = getJson(events).get(0);
        assertThat(deletion.path("event_type").asText()).isEqualTo("containerDeletion");
        assertThat(deletion.path("event_data").path("container_deletion").path("exit_code").asInt()).isEqualTo(3);
    }

    private String taskStatus(String id) {
        try {
            return ctr.taskStatus(id);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void runningContainerIsServedUnderItsCgroupNameWithContainerdsView() throws Exception {
        String id = ctr.runDetached(CtrCli.uniqueId(), List.of("--label", "team=spec", "--memory-limit", "67108864",
                "--env", "JCADV_MODE=Live", "--env", "OTHER=x"), "sleep", "300");
        String name = cgroup(id);
        Duration seen = awaitStatus("/api/v1.3/containers" + name, 200, Duration.ofSeconds(5));
        System.out.printf("containerd container served %d ms after ctr run returned%n", seen.toMillis());

        JsonNode info = getJson("/api/v1.3/containers" + name);
        assertThat(info.path("name").asText()).isEqualTo(name);
        assertThat(texts(info.path("aliases"))).containsExactly(id, name);
        assertThat(info.path("namespace").asText()).isEqualTo("containerd");
        JsonNode spec = info.path("spec");
        assertThat(spec.path("labels").path("team").asText()).isEqualTo("spec");
        assertThat(spec.path("image").asText()).isEqualTo(CtrCli.IMAGE);
        assertThat(spec.path("memory").path("limit").asLong()).isEqualTo(67108864L);
        assertThat(spec.path("envs").toString()).isEqualTo("{\"JCADV_MODE\":\"Live\"}");
        assertThat(spec.path("has_network").asBoolean()).as("not a CRI sandbox").isFalse();

        JsonNode parent = getJson("/api/v1.3/containers/" + CtrCli.NAMESPACE);
        assertThat(texts(parent.path("subcontainers"), "name")).contains(name);

        JsonNode v2 = getJson("/api/v2.0/spec" + name).path(name);
        assertThat(texts(v2.path("aliases"))).containsExactly(id, name);
        assertThat(v2.path("namespace").asText()).isEqualTo("containerd");
        assertThat(v2.path("image").asText()).isEqualTo(CtrCli.IMAGE);

        String metrics = given().get("/metrics").then().statusCode(200).extract().asString();
        List<String> series = metrics.lines()
                .filter(l -> l.startsWith("container_memory_usage_bytes{") && l.contains("id=\"" + name + "\""))
                .toList();
        assertThat(series).singleElement().asString()
                .contains("name=\"" + id + "\"")
                .contains("image=\"" + CtrCli.IMAGE + "\"")
                .contains("container_label_team=\"spec\"")
                .contains("container_env_JCADV_MODE=\"Live\"");
        String limit = metrics.lines()
                .filter(l -> l.startsWith("container_spec_memory_limit_bytes{") && l.contains("id=\"" + name + "\""))
                .findFirst().orElseThrow();
        assertThat(Double.parseDouble(limit.substring(limit.lastIndexOf(' ') + 1))).isEqualTo(67108864d);

        String report = given().get("/validate/").then().statusCode(200).extract().asString();
        String daemon = ctr.serverVersion();
        assertThat(daemon).startsWith(daemon().release + ".");
        assertThat(report).contains("containerd version: [Supported and recommended]")
                .contains("containerd version is " + daemon);
    }

    @Test
    void containerIsServedWithinOneSecondOfCtrRunAndGoneWithinOneSecondOfRemoval() throws Exception {
        // Warm up: the first request pays for JIT and the gRPC connection, not for discovery.
        String warm = ctr.runDetached(CtrCli.uniqueId(), List.of(), "sleep", "300");
        awaitStatus("/api/v1.3/containers" + cgroup(warm), 200, Duration.ofSeconds(5));

        for (int round = 0; round < 3; round++) {
            String id = ctr.runDetached(CtrCli.uniqueId(), List.of(), "sleep", "300");
            Duration seen = awaitStatus("/api/v1.3/containers" + cgroup(id), 200, Duration.ofSeconds(5));
            ctr.remove(id);
            Duration gone = awaitStatus("/api/v1.3/containers" + cgroup(id), 404, Duration.ofSeconds(5));
            System.out.printf("round %d: served %d ms after ctr run returned, 404 %d ms after ctr rm returned%n",
                    round, seen.toMillis(), gone.toMillis());
            assertThat(seen).isLessThan(Duration.ofSeconds(1));
            assertThat(gone).isLessThan(Duration.ofSeconds(1));
        }
    }

    @Test
    void taskPidGivesUlimitsAndASandboxItsNetwork() throws Exception {
        // A CRI sandbox on the host network: its network is the host's, read through its task's pid.
        String sandbox = ctr.runDetached(CtrCli.uniqueId(), List.of("--net-host", "--label",
                ContainerdContainer.CRI_KIND_LABEL + "=sandbox"), "sleep", "300");
        String plain = ctr.runDetached(CtrCli.uniqueId(), List.of("--net-host"), "sleep", "300");
        SAMPLES.awaitLatest(sandbox, s -> 0);
        SAMPLES.awaitLatest(plain, s -> 0);

        JsonNode sandboxInfo = getJson("/api/v1.3/containers" + cgroup(sandbox));
        assertThat(sandboxInfo.path("spec").path("has_network").asBoolean()).isTrue();
        JsonNode sandboxSample = SAMPLES.latestSample(sandbox);
        assertThat(texts(sandboxSample.path("network").path("interfaces"), "name")).as("host interfaces")
                .contains("eth0").doesNotContain("lo");
        assertThat(sandboxSample.path("processes").path("ulimits").toString()).contains("max_open_files");

        JsonNode plainInfo = getJson("/api/v1.3/containers" + cgroup(plain));
        assertThat(plainInfo.path("spec").path("has_network").asBoolean()).isFalse();
        JsonNode plainSample = SAMPLES.latestSample(plain);
        assertThat(plainSample.path("network").path("interfaces").size()).as("no network of its own").isZero();
        assertThat(plainSample.path("processes").path("ulimits").toString()).contains("max_open_files");
    }

    @Test
    void busyContainerUsesCpuAndIdleOneDoesNot() throws Exception {
        String busy = ctr.runDetached(CtrCli.uniqueId(), List.of(), "sh", "-c", "while :; do :; done");
        String idle = ctr.runDetached(CtrCli.uniqueId(), List.of(), "sleep", "300");
        SAMPLES.assertBusyUsesCpuAndIdleDoesNot(busy, idle, "containerd");
    }

    @Test
    void removedContainerIsGone() throws Exception {
        String id = ctr.runDetached(CtrCli.uniqueId(), List.of(), "sleep", "300");
        awaitStatus("/api/v1.3/containers" + cgroup(id), 200, Duration.ofSeconds(5));
        ctr.remove(id);
        Duration gone = awaitStatus("/api/v1.3/containers" + cgroup(id), 404, Duration.ofSeconds(5));
        System.out.printf("404 %d ms after ctr task kill / container rm%n", gone.toMillis());
        String metrics = given().get("/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).doesNotContain("name=\"" + id + "\"");
    }

    @Test
    void containerOfAnotherNamespaceIsARawCgroup() throws Exception {
        CtrCli.run(List.of("bash", "-c", "/usr/bin/docker save jcadvisor/busybox:latest | "
                + String.join(" ", ctr.command("-n", OTHER_NAMESPACE, "images", "import", "-")) + " >/dev/null"));
        CtrCli other = new CtrCli(daemon(), OTHER_NAMESPACE);
        String id = CtrCli.uniqueId();
        try {
            other.runDetached(id, List.of("--label", "team=other"), "sleep", "300");
            String name = "/" + OTHER_NAMESPACE + "/" + id;
            awaitStatus("/api/v1.3/containers" + name, 200, Duration.ofSeconds(5));
            JsonNode info = getJson("/api/v1.3/containers" + name);
            assertThat(info.path("namespace").isMissingNode()).as("namespace of %s", info.path("namespace")).isTrue();
            assertThat(info.path("aliases").isMissingNode()).isTrue();
            assertThat(info.path("spec").path("labels").isMissingNode()).isTrue();
        } finally {
            other.remove(id);
        }
    }

    // --- HTTP ---------------------------------------------------------------------------------------

}
