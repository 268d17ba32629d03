package io.jcadvisor.api;

import io.jcadvisor.testing.Await;
import io.jcadvisor.testing.CgroupTasks;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * End to end on this real host: the agent as packaged (real manager, watcher, raw factory and cgroup
 * readers, host root {@code /}, no test profile and no fakes) sees a cgroup made under
 * {@code /sys/fs/cgroup/{cpu,cpuacct,memory,pids}}, samples a process burning CPU in it, and forgets
 * it once removed. The cgroup has a unique {@code jcadv-e2e-} name; the process is killed and every
 * directory removed after each test, even on failure. Needs root on a cgroup v1/hybrid host.
 */
@QuarkusTest
class LiveCgroupApiTest {

    private static final List<String> HIERARCHIES = List.of("cpu", "cpuacct", "memory", "pids");
    private static final Path CGROUP_ROOT = Path.of("/sys/fs/cgroup");

    private String name;
    private final List<Path> created = new ArrayList<>();
    private Process burner;

    @BeforeEach
    void needsWritableV1Hierarchies() {
        for (String hierarchy : HIERARCHIES) {
            assumeTrue(Files.isWritable(CGROUP_ROOT.resolve(hierarchy).resolve("cgroup.procs")),
                    "needs root and the v1 hierarchy " + hierarchy);
        }
        name = "/jcadv-e2e-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @AfterEach
    void killAndRemove() throws Exception {
        if (burner != null) {
            burner.destroyForcibly();
            burner.waitFor(10, TimeUnit.SECONDS);
        }
        // removed in the test once it has seen the container, unless the test failed before
        CgroupTasks.removeAll(created);
        created.clear();
    }

    @Test
    void cgroupIsListedSampledAndForgotten() throws Exception {
        assertThat(subcontainerNames()).doesNotContain(name);
        for (String hierarchy : HIERARCHIES) {
            Path dir = CGROUP_ROOT.resolve(hierarchy).resolve(name.substring(1));
            Files.createDirectory(dir);
            created.add(dir);
        }

        Duration listed = Await.until(Duration.ofSeconds(1), () -> subcontainerNames().contains(name));

        burner = new ProcessBuilder("sh", "-c", "while :; do :; done").start();
        for (String hierarchy : HIERARCHIES) {
            Files.writeString(CGROUP_ROOT.resolve(hierarchy).resolve(name.substring(1)).resolve("cgroup.procs"),
                    Long.toString(burner.pid()));
        }

        // the burner runs from now on: once three samples are cached, usage must rise between them
        List<Long> totals = new ArrayList<>();
        Await.until(Duration.ofSeconds(15), () -> {
            totals.clear();
            totals.addAll(cpuTotals());
            return totals.size() >= 3 && totals.get(totals.size() - 1) > totals.get(0);
        });
        assertThat(totals).isSorted();
        assertThat(totals.get(totals.size() - 1) - totals.get(0))
                .as("ns of CPU used between the first and last of %s", totals).isPositive();

        burner.destroyForcibly();
        burner.waitFor(10, TimeUnit.SECONDS);
        for (Path dir : created) {
            Await.until(Duration.ofSeconds(1), () -> {
                try {
                    Files.delete(dir);
                    return true;
                } catch (IOException busy) {
                    return false;
                }
            });
        }
        Duration gone = Await.until(Duration.ofSeconds(1), () -> containerRequest().statusCode() == 404);
        given().contentType(ContentType.JSON).body("{\"num_stats\":10}")
                .post("/api/v1.0/containers" + name)
                .then().statusCode(404).contentType(ContentType.TEXT)
                .body(org.hamcrest.Matchers.containsString(name));
        assertThat(subcontainerNames()).doesNotContain(name);
        System.out.printf("live API: %s listed after %d ms, %d samples %s, 404 after %d ms%n", name,
                listed.toMillis(), totals.size(), totals, gone.toMillis());
    }

    @Test
    void aSystemdEscapedNameIsServed() throws Exception {
        // systemd writes "-" inside a unit name as \x2d: system-systemd\x2dfsck.slice
        name = name + "-systemd\\x2dfsck.slice";
        for (String hierarchy : HIERARCHIES) {
            Path dir = CGROUP_ROOT.resolve(hierarchy).resolve(name.substring(1));
            Files.createDirectory(dir);
            created.add(dir);
        }
        Await.until(Duration.ofSeconds(1), () -> subcontainerNames().contains(name));
        String encoded = name.replace("\\", "%5C");
        given().urlEncodingEnabled(false).get("/api/v2.0/spec" + encoded + "?type=name").then().statusCode(200)
                .body("keySet()", org.hamcrest.Matchers.contains(name));
        RawHttp.Answer raw = RawHttp.get(io.restassured.RestAssured.port, "/api/v1.0/containers" + encoded);
        assertThat(raw.status()).as(raw.body()).isEqualTo(200);
        assertThat(raw.body()).contains("\"name\":\"" + name.replace("\\", "\\\\") + "\"");
    }

    @Test
    void defaultGroupsStillGiveTheSpecsMaskAndProcessLimitAndNoIoIsAnEmptyList() throws Exception {
        // The agent runs with upstream's default groups (cpuset and process off): the spec still
        // describes the container. The cgroup did no block I/O: "Total 0" only, so no device list,
        // not an error. cpuset needs cpus and mems before anything else.
        String lastCpu = Integer.toString(Runtime.getRuntime().availableProcessors() - 1);
        for (String hierarchy : List.of("cpu", "cpuacct", "memory", "pids", "cpuset", "blkio")) {
            Path dir = CGROUP_ROOT.resolve(hierarchy).resolve(name.substring(1));
            Files.createDirectory(dir);
            created.add(dir);
        }
        Path cpuset = CGROUP_ROOT.resolve("cpuset").resolve(name.substring(1));
        Files.writeString(cpuset.resolve("cpuset.cpus"), lastCpu);
        Files.writeString(cpuset.resolve("cpuset.mems"), Files.readString(CGROUP_ROOT.resolve("cpuset/cpuset.mems")).trim());
        Files.writeString(CGROUP_ROOT.resolve("pids").resolve(name.substring(1)).resolve("pids.max"), "42");
        Await.until(Duration.ofSeconds(1), () -> subcontainerNames().contains(name));

        // The watch may see the cpu directory before this test has made the cpuset one and written its
        // files: the spec is then read again within its 5 s cache (as upstream's), so wait for that.
        Response container = Await.poll(Duration.ofSeconds(15), Duration.ofMillis(100), this::containerRequest,
                // "stats" is left out (omitempty, as upstream) until the first sample is in
                r -> r.statusCode() == 200 && r.jsonPath().getList("stats") != null
                        && !r.jsonPath().getList("stats").isEmpty()
                        && r.jsonPath().getString("spec.cpu.mask") != null
                        && "42".equals(String.valueOf(r.jsonPath().<Object>get("spec.processes.limit"))));
        assertThat(container.jsonPath().getString("spec.cpu.mask")).isEqualTo(lastCpu);
        assertThat(container.jsonPath().getBoolean("spec.has_processes")).isTrue();
        assertThat(container.jsonPath().getLong("spec.processes.limit")).isEqualTo(42);
        assertThat(container.jsonPath().getBoolean("spec.has_diskio")).isTrue();
        assertThat(container.jsonPath().getMap("stats[-1].diskio")).doesNotContainKeys("io_service_bytes",
                "io_serviced");
        given().get("/api/v2.0/spec" + name + "?type=name").then().statusCode(200)
                .body("'" + name + "'.cpu.mask", org.hamcrest.Matchers.equalTo(lastCpu));
        // cpuset's stat stays off with its group
        assertThat(given().get("/metrics").asString()).doesNotContain("container_memory_migrate");

        String rootMask = Files.readString(CGROUP_ROOT.resolve("cpuset/cpuset.cpus")).trim();
        assertThat(given().get("/api/v1.3/containers/").jsonPath().getString("spec.cpu.mask")).isEqualTo(rootMask);
    }

    @Test
    void rootCarriesTheMachinesNetworkAndFilesystems() {
        Response root = given().get("/api/v1.0/containers/");
        assertThat(root.statusCode()).isEqualTo(200);
        assertThat(root.jsonPath().getBoolean("spec.has_network")).isTrue();
        assertThat(root.jsonPath().getBoolean("spec.has_filesystem")).isTrue();
        List<String> devices = root.jsonPath().getList("stats[-1].filesystem.device", String.class);
        assertThat(devices).isNotEmpty();
        // the same partitions as machine info lists
        List<String> machine = given().get("/api/v2.1/machine").jsonPath().getList("filesystems.device", String.class);
        assertThat(devices).containsExactlyInAnyOrderElementsOf(machine);
    }

    private List<String> subcontainerNames() {
        return given().get("/api/v1.1/subcontainers/").then().statusCode(200)
                .extract().jsonPath().getList("name", String.class);
    }

    private Response containerRequest() {
        return given().contentType(ContentType.JSON).body("{\"num_stats\":10}")
                .post("/api/v1.0/containers" + name);
    }

    private List<Long> cpuTotals() {
        Response response = containerRequest();
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.jsonPath().getString("name")).isEqualTo(name);
        return response.jsonPath().getList("stats.cpu.usage.total", Long.class);
    }
}
