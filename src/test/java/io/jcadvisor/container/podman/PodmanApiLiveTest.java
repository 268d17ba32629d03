package io.jcadvisor.container.podman;

import com.fasterxml.jackson.databind.JsonNode;
import io.jcadvisor.testing.Await;
import io.jcadvisor.testing.SampleProbe;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
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
import static io.jcadvisor.testing.ApiJson.names;
import static io.jcadvisor.testing.ApiJson.only;
import static io.jcadvisor.testing.ApiJson.texts;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Podman end to end: the agent as the application wires it on this host (host root {@code /}, the
 * real cgroup v1 tree, the rootful Podman API service {@code bin/provision} starts at
 * {@code /run/podman/podman.sock}), asked only through its HTTP API while {@code /usr/bin/podman}
 * drives containers. Every container is named {@code podh-*} and removed after each test.
 */
@QuarkusTest
class PodmanApiLiveTest {

    private static final SampleProbe SAMPLES = new SampleProbe(
            name -> only(getJson("/api/v2.1/stats/" + name + "?type=podman&count=1")).path("stats"),
            name -> "/api/v2.0/spec/" + name + "?type=podman");

    final PodmanCli podman = new PodmanCli();

    @BeforeAll
    static void podmanRuns() {
        assertThat(PodmanCli.available()).as("the Podman API service: run bin/provision first").isTrue();
    }

    @AfterEach
    void cleanUp() {
        podman.removeAll();
    }

    @Test
    void runningContainerIsListedUnderItsCgroupWithPodmansMetadata() throws Exception {
        String name = PodmanCli.uniqueName();
        String id = podman.runDetached(name, List.of("--label", "team=spec", "--memory", "64m"), "sleep", "300");
        // cgroupfs manager (no systemd on this host): the container's cgroup in every v1 hierarchy.
        String cgroup = "/libpod_parent/libpod-" + id;
        Duration seen = awaitStatus("/api/v1.3/containers" + cgroup, 200, Duration.ofSeconds(5));
        System.out.printf("podman container served %d ms after podman run returned%n", seen.toMillis());

        JsonNode info = getJson("/api/v1.3/containers" + cgroup);
        assertThat(info.path("name").asText()).isEqualTo(cgroup);
        assertThat(texts(info.path("aliases"))).containsExactly(name, id);
        assertThat(info.path("namespace").asText()).isEqualTo("podman");
        JsonNode spec = info.path("spec");
        assertThat(spec.path("labels").path("team").asText()).isEqualTo("spec");
        assertThat(spec.path("image").asText()).isEqualTo(PodmanCli.IMAGE);
        assertThat(spec.path("memory").path("limit").asLong()).isEqualTo(67108864L);
        assertThat(spec.path("has_network").asBoolean()).isTrue();

        for (String ref : List.of(name, id, id.substring(0, 12))) {
            JsonNode v2 = only(getJson("/api/v2.0/spec/" + ref + "?type=podman"));
            assertThat(texts(v2.path("aliases"))).as(ref).containsExactly(name, id);
            assertThat(v2.path("namespace").asText()).isEqualTo("podman");
            assertThat(v2.path("labels").path("team").asText()).isEqualTo("spec");
            assertThat(v2.path("image").asText()).isEqualTo(PodmanCli.IMAGE);
            assertThat(v2.path("memory").path("limit").asLong()).isEqualTo(67108864L);
        }
        JsonNode all = getJson("/api/v2.0/spec/?type=podman&recursive=true");
        assertThat(names(all)).contains(cgroup);
        assertThat(given().get("/api/v2.0/spec/" + name + "?type=docker").statusCode())
                .as("not a Docker container").isNotEqualTo(200);

        // /metrics lists a container once it has a sample (as upstream), a tick after it is found.
        String[] memoryLimit = new String[1];
        Await.until(Duration.ofSeconds(5), () -> (memoryLimit[0] = given().get("/metrics").then().statusCode(200)
                .extract().asString().lines()
                .filter(l -> l.startsWith("container_spec_memory_limit_bytes{") && l.contains("id=\"" + cgroup + "\""))
                .findFirst().orElse(null)) != null);
        assertThat(memoryLimit[0]).contains("name=\"" + name + "\"").contains("container_label_team=\"spec\"")
                .contains("image=\"" + PodmanCli.IMAGE + "\"");
        String onlyPodman = given().get("/metrics?type=podman").then().statusCode(200).extract().asString();
        assertThat(onlyPodman).contains("id=\"" + cgroup + "\"").doesNotContain("id=\"/docker/");

        given().get("/podman/").then().statusCode(200);
        given().get("/podman/" + name).then().statusCode(200);
        given().get("/podman/" + id.substring(0, 12)).then().statusCode(200);
        JsonNode stats = getJson("/api/v2.0/stats/?type=podman&recursive=true&count=2");
        assertThat(names(stats)).as("what the /podman/ list page polls").contains(cgroup);

        String validate = given().get("/validate/").asString();
        assertThat(validate).contains("Podman version: [Supported and recommended]").contains("Podman version is 4.");

        podman.remove(id);
        Duration gone = awaitStatus("/api/v2.0/spec/" + id + "?type=podman", 404, Duration.ofSeconds(5));
        awaitStatus("/api/v1.3/containers" + cgroup, 404, Duration.ofSeconds(5));
        System.out.printf("podman container gone from the API %d ms after podman rm returned%n", gone.toMillis());
    }

    @Test
    void busyContainerUsesCpuAndIdleOneDoesNot() throws Exception {
        String busy = PodmanCli.uniqueName();
        String idle = PodmanCli.uniqueName();
        podman.runDetached(busy, List.of(), "sh", "-c", "while :; do :; done");
        podman.runDetached(idle, List.of(), "sleep", "300");
        SAMPLES.assertBusyUsesCpuAndIdleDoesNot(busy, idle, "podman");
    }

    @Test
    void writableLayerUsageIsMeasured() throws Exception {
        // The blob is in the writable layer before the container (and its cgroup) starts, so the first
        // walk, made when the agent starts tracking it, already counts it.
        String name = PodmanCli.uniqueName();
        podman.create(name, "sleep", "300");
        Path blob = Files.createTempFile("podh-blob", ".bin");
        try {
            Files.write(blob, new byte[3_000_000]);
            PodmanCli.run(List.of(PodmanCli.PODMAN, "cp", blob.toString(), name + ":/tmp/blob"));
        } finally {
            Files.delete(blob);
        }
        PodmanCli.run(List.of(PodmanCli.PODMAN, "start", name));
        // Podman may call it running only after its cgroup appeared: then it is served once the
        // start event has moved it from raw to Podman.
        awaitStatus("/api/v2.0/spec/" + name + "?type=podman", 200, Duration.ofSeconds(10));
        long[] seen = {-1};
        try {
            Await.until(Duration.ofSeconds(20), () -> {
                try {
                    JsonNode sample = SAMPLES.latestSample(name);
                    // v2 FilesystemStats (docs/api.md §3.5): baseUsageBytes = the writable layer's bytes.
                    seen[0] = sample == null ? -1 : sample.path("filesystem").path("baseUsageBytes").asLong(-1);
                    return seen[0] >= 3_000_000L;
                } catch (IOException e) {
                    return false;
                }
            });
        } catch (AssertionError e) {
            throw new AssertionError("base_usage of " + name + " stayed " + seen[0], e);
        }
        System.out.printf("writable layer of %s: %d bytes%n", name, seen[0]);
    }

    // --- HTTP ---------------------------------------------------------------------------------------

    @Test
    void aContainerThatExitsWithThreeHasExitCodeThreeInItsDeletionEvent() throws Exception {
        String id = podman.runDetached(PodmanCli.uniqueName(), List.of(), "sh", "-c", "sleep 1; exit 3");
        String path = "/api/v1.3/events/libpod_parent/libpod-" + id + "?deletion_events=true";

        Await.until(Duration.ofSeconds(20), () -> {
            try {
                return getJson(path).size() == 1;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        JsonNode event = getJson(path).get(0);

        assertThat(event.path("event_type").asText()).isEqualTo("containerDeletion");
        assertThat(event.path("event_data").path("container_deletion").path("exit_code").asInt()).isEqualTo(3);
    }
}
