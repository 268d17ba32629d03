package io.jcadvisor.container.docker;

import java.net.URL;
import io.quarkus.test.common.http.TestHTTPResource;
import com.fasterxml.jackson.databind.JsonNode;
import io.jcadvisor.testing.Await;
import io.jcadvisor.testing.SampleProbe;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.ToLongFunction;

import static io.jcadvisor.testing.ApiJson.awaitStatus;
import static io.jcadvisor.testing.ApiJson.getJson;
import static io.jcadvisor.testing.ApiJson.names;
import static io.jcadvisor.testing.ApiJson.only;
import static io.jcadvisor.testing.ApiJson.sum;
import static io.jcadvisor.testing.ApiJson.texts;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Docker issue end to end: the agent as the application wires it on this host (host root
 * {@code /}, the real cgroup tree, the real dockerd that {@code bin/provision} starts), asked only
 * through its HTTP API while {@code /usr/bin/docker} drives containers. Every container is named
 * {@code jcadv-dk-*} and removed after each test; dockerd runs again after the outage test.
 */
@QuarkusTest
class DockerApiLiveTest {

    /** The probes are on the management interface, never on the main port. */
    // the management root is /q already
    @TestHTTPResource(value = "/health/live", management = true)
    URL live;

    private static final SampleProbe SAMPLES = new SampleProbe(
            id -> only(getJson("/api/v1.3/docker/" + id)).path("stats"), id -> "/api/v1.3/docker/" + id);

    final DockerCli docker = new DockerCli();

    @BeforeAll
    static void dockerRuns() {
        assertThat(DockerCli.available()).as("a running dockerd: run bin/provision first").isTrue();
    }

    @AfterEach
    void cleanUp() {
        docker.removeAll();
    }

    @Test
    void runningContainerIsServedByIdNamePrefixAndInTheListings() throws Exception {
        String name = DockerCli.uniqueName();
        String id = docker.runDetached(name, List.of("--label", "team=spec", "--memory", "64m", "--cpus", "0.5"),
                "sleep", "300");
        awaitStatus("/api/v1.3/docker/" + id, 200, Duration.ofSeconds(5));

        for (String ref : List.of(id, name, id.substring(0, 12))) {
            JsonNode info = only(getJson("/api/v1.3/docker/" + ref));
            assertThat(info.path("name").asText()).as(ref).isEqualTo("/docker/" + id);
            assertThat(texts(info.path("aliases"))).as(ref).containsExactly(name, id);
            assertThat(info.path("namespace").asText()).isEqualTo("docker");
            JsonNode spec = info.path("spec");
            assertThat(spec.path("labels").path("team").asText()).isEqualTo("spec");
            assertThat(spec.path("image").asText()).isEqualTo(DockerCli.IMAGE);
            assertThat(spec.path("memory").path("limit").asLong()).isEqualTo(67108864L);
            assertThat(spec.path("cpu").path("quota").asLong()).isEqualTo(50000L);
            assertThat(spec.path("cpu").path("period").asLong()).isEqualTo(100000L);
        }

        JsonNode listed = getJson("/api/v1.2/docker/");
        assertThat(listed.has("/docker/" + id)).as("v1.2 docker listing keys: %s", names(listed)).isTrue();
        assertThat(listed.path("/docker/" + id).path("aliases").toString()).contains(name);

        JsonNode v2 = only(getJson("/api/v2.0/spec/" + name + "?type=docker"));
        assertThat(texts(v2.path("aliases"))).containsExactly(name, id);
        assertThat(v2.path("namespace").asText()).isEqualTo("docker");
        assertThat(v2.path("labels").path("team").asText()).isEqualTo("spec");
        assertThat(v2.path("image").asText()).isEqualTo(DockerCli.IMAGE);
        assertThat(v2.path("memory").path("limit").asLong()).isEqualTo(67108864L);
        // Upstream's v2 conversion keeps only limit, max_limit and mask of the CPU spec (docs/api.md §3.5).
        assertThat(v2.path("cpu").has("quota")).isFalse();
        assertThat(v2.path("has_cpu").asBoolean()).isTrue();
    }

    @Test
    void versionInfoCarriesTheDaemonsVersion() throws Exception {
        // Upstream head leaves dockerVersion empty (a regression, docs/metrics.md §7); we fill it.
        String daemon = DockerCli.run(List.of("/usr/bin/docker", "version", "--format", "{{.Server.Version}}")).trim();
        assertThat(daemon).isNotEmpty();
        String body = given().get("/metrics").then().statusCode(200).extract().asString();
        assertThat(body.lines().filter(l -> l.startsWith("cadvisor_version_info{")))
                .singleElement().asString().contains("dockerVersion=\"" + daemon + "\"");
    }

    @Test
    void containerIsServedWithinOneSecondOfDockerRunAndGoneWithinOneSecondOfRm() throws Exception {
        // Warm up: the first request pays for JIT and connection set-up, not for discovery.
        String warm = docker.runDetached(DockerCli.uniqueName(), List.of(), "sleep", "300");
        awaitStatus("/api/v1.3/docker/" + warm, 200, Duration.ofSeconds(5));

        for (int round = 0; round < 3; round++) {
            String id = docker.runDetached(DockerCli.uniqueName(), List.of(), "sleep", "300");
            Duration seen = awaitStatus("/api/v1.3/docker/" + id, 200, Duration.ofSeconds(5));
            DockerCli.run(List.of(DockerCli.DOCKER, "rm", "-f", id));
            Duration gone = awaitStatus("/api/v1.3/docker/" + id, 404, Duration.ofSeconds(5));
            System.out.printf("round %d: served %d ms after docker run returned, 404 %d ms after docker rm -f%n",
                    round, seen.toMillis(), gone.toMillis());
            assertThat(seen).isLessThan(Duration.ofSeconds(1));
            assertThat(gone).isLessThan(Duration.ofSeconds(1));
        }
    }

    @Test
    void busyContainerUsesCpuAndIdleOneDoesNot() throws Exception {
        String busy = docker.runDetached(DockerCli.uniqueName(), List.of(), "sh", "-c", "while :; do :; done");
        String idle = docker.runDetached(DockerCli.uniqueName(), List.of(), "sleep", "300");
        SAMPLES.assertBusyUsesCpuAndIdleDoesNot(busy, idle, "docker");
    }

    @Test
    void trafficToAServerInTheContainerRaisesItsNetworkBytes() throws Exception {
        String name = DockerCli.uniqueName();
        String id = docker.runDetached(name, List.of(), "httpd", "-f", "-p", "8080", "-h", "/www");
        String ip = DockerCli.run(List.of(DockerCli.DOCKER, "inspect", "-f",
                "{{.NetworkSettings.IPAddress}}", id)).trim();
        assertThat(ip).as("container IP on the default bridge").isNotEmpty();
        ToLongFunction<JsonNode> rx = s -> sum(s.path("network").path("interfaces"), "rx_bytes");
        ToLongFunction<JsonNode> tx = s -> sum(s.path("network").path("interfaces"), "tx_bytes");
        SAMPLES.awaitLatest(id, rx);
        JsonNode before = SAMPLES.latestSample(id);
        assertThat(texts(before.path("network").path("interfaces"), "name")).contains("eth0");

        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI page = URI.create("http://" + ip + ":8080/index.html");
        int fetches = 200;
        for (int i = 0; i < fetches; i++) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(page).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("hello from jcadvisor");
        }

        long rx0 = rx.applyAsLong(before);
        long tx0 = tx.applyAsLong(before);
        // The fetch loop sends at least a request line per fetch and receives the page each time.
        SAMPLES.awaitLatestAtLeast(id, rx, rx0 + fetches * 50L, Duration.ofSeconds(10));
        SAMPLES.awaitLatestAtLeast(id, tx, tx0 + fetches * 20L, Duration.ofSeconds(10));
        JsonNode after = SAMPLES.latestSample(id);
        System.out.printf("network of %s: rx %d -> %d, tx %d -> %d bytes%n", name, rx0, rx.applyAsLong(after), tx0,
                tx.applyAsLong(after));

        // The agent reads the counters of the container's own namespace: a sample taken after one read
        // of /proc/<pid>/net/dev and before a second one lies between the two (stray packets, such as
        // IPv6 router solicitations, may still move them a little).
        String pid = DockerCli.run(List.of(DockerCli.DOCKER, "inspect", "-f", "{{.State.Pid}}", id)).trim();
        long[] file0 = eth0Bytes(pid);
        SAMPLES.awaitLatestAtLeast(id, rx, file0[0], Duration.ofSeconds(10));
        SAMPLES.awaitLatestAtLeast(id, tx, file0[1], Duration.ofSeconds(10));
        JsonNode quiet = SAMPLES.latestSample(id);
        long[] file1 = eth0Bytes(pid);
        assertThat(rx.applyAsLong(quiet)).as("rx_bytes vs /proc/%s/net/dev", pid).isBetween(file0[0], file1[0]);
        assertThat(tx.applyAsLong(quiet)).as("tx_bytes vs /proc/%s/net/dev", pid).isBetween(file0[1], file1[1]);
    }

    /** eth0's received and transmitted bytes in a process's network namespace. */
    private static long[] eth0Bytes(String pid) throws IOException {
        String eth0 = Files.readAllLines(Path.of("/proc/" + pid + "/net/dev")).stream()
                .filter(l -> l.trim().startsWith("eth0:")).findFirst().orElseThrow();
        String[] f = eth0.trim().replace(':', ' ').split("\\s+");
        return new long[] {Long.parseLong(f[1]), Long.parseLong(f[9])};
    }

    @Test
    void memoryHogIsOomKilledAndItsOomCountRises() throws Exception {
        // The hog is one dd with a 64 MiB buffer (filled from /dev/zero) in a 16 MiB container: the
        // kernel kills it, and the shell, its parent and the container's init, lives on, so the
        // container and its cgroup stay for the API to show the count. (A pipe into a buffering
        // `tail` made the kernel kill twice now and then, the second time the shell.) The hog raises
        // its own OOM score, so it is the one chosen, and waits for a file the test creates on the
        // host (a bind mount: no extra process in the 16m cgroup) once it has seen the count at 0,
        // so a slow first sample cannot miss that state.
        Path trigger = Files.createTempDirectory("jcadv-oom");
        try {
            String id = docker.runDetached(DockerCli.uniqueName(), List.of("--memory", "16m", "--memory-swap", "16m",
                    "-v", trigger + ":/trigger"),
                    "sh", "-c", "while [ ! -e /trigger/go ]; do sleep 0.1; done; "
                            + "(echo 1000 > /proc/self/oom_score_adj && dd if=/dev/zero of=/dev/null bs=64M count=1); "
                            + "sleep 300");
            ToLongFunction<JsonNode> oom = s -> s.path("oom_events").asLong();
            assertThat(SAMPLES.awaitLatest(id, oom)).isZero();
            Files.createFile(trigger.resolve("go"));

            long kills = SAMPLES.awaitLatestAtLeast(id, oom, 1, Duration.ofSeconds(20));
            System.out.printf("oom_events of %s: %d%n", id, kills);
            assertThat(DockerCli.run(List.of(DockerCli.DOCKER, "inspect", "-f", "{{.State.Running}}", id)).trim())
                    .isEqualTo("true");
        } finally {
            Files.deleteIfExists(trigger.resolve("go"));
            Files.deleteIfExists(trigger);
        }
    }

    @Test
    void healthStatusChangeReachesTheSamplesThroughDockersEvents() throws Exception {
        String id = docker.runDetached(DockerCli.uniqueName(),
                List.of("--health-cmd", "true", "--health-interval", "1s", "--health-start-period", "0s"),
                "sleep", "300");
        SAMPLES.awaitLatest(id, s -> 0);
        String[] health = {""};
        try {
            Await.until(Duration.ofSeconds(15), () -> {
                try {
                    health[0] = SAMPLES.latestSample(id).path("health").path("status").asText();
                    return health[0].equals("healthy");
                } catch (IOException e) {
                    return false;
                }
            });
        } catch (AssertionError e) {
            throw new AssertionError("health status stayed \"" + health[0] + "\"", e);
        }
    }

    @Test
    void agentSurvivesDockerdStoppingAndPicksDockerUpAgain() throws Exception {
        String before = docker.runDetached(DockerCli.uniqueName(), List.of(), "sleep", "300");
        awaitStatus("/api/v1.3/docker/" + before, 200, Duration.ofSeconds(5));
        try {
            stopDockerd();

            given().get(live).then().statusCode(200);
            given().get("/api/v1.3/containers/").then().statusCode(200);
            Await.until(Duration.ofSeconds(10), () -> {
                String report = given().get("/validate/").asString();
                return report.contains("Docker daemon not reachable");
            });
            given().get(live).then().statusCode(200);
            given().get("/api/v1.3/machine").then().statusCode(200);

            startDockerd();
            String after = docker.runDetached(DockerCli.uniqueName(), List.of(), "sleep", "300");
            Duration seen = awaitStatus("/api/v1.3/docker/" + after, 200, Duration.ofSeconds(10));
            System.out.printf("after the dockerd restart a new container was served %d ms after docker run%n",
                    seen.toMillis());
            assertThat(seen).isLessThan(Duration.ofSeconds(5));
            Await.until(Duration.ofSeconds(5),
                    () -> given().get("/validate/").asString().contains("Docker version is 20.10"));
            given().get(live).then().statusCode(200);
        } finally {
            if (!DockerCli.available()) {
                startDockerd();
            }
        }
    }

    // --- dockerd ------------------------------------------------------------------------------------

    private static void stopDockerd() throws IOException {
        String pids = DockerCli.run(List.of("pgrep", "-x", "dockerd")).trim();
        assertThat(pids).as("dockerd pid").isNotEmpty();
        for (String pid : pids.split("\\s+")) {
            DockerCli.run(List.of("kill", pid));
        }
        Await.until(Duration.ofSeconds(30), () -> {
            try {
                DockerCli.run(List.of("pgrep", "-x", "dockerd"));
                return false;
            } catch (IOException e) {
                return true; // pgrep exits 1: no dockerd left
            }
        });
    }

    /** Exactly as {@code bin/provision} starts it. */
    private static void startDockerd() throws IOException {
        DockerCli.run(List.of("bash", "-c",
                "setsid nohup dockerd >/var/log/jcadvisor-dockerd.log 2>&1 < /dev/null &"));
        Await.until(Duration.ofSeconds(30), DockerCli::available);
    }

    // --- HTTP ---------------------------------------------------------------------------------------

}
