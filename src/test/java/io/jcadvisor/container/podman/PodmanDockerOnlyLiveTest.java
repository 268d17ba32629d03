package io.jcadvisor.container.podman;

import io.jcadvisor.testing.Await;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code cadvisor.containers.docker-only=true} (upstream {@code -docker_only}) on this host: raw cgroups
 * are ignored, Podman's containers are still tracked ({@code docs/options.md} §3.3), while their parent
 * {@code /libpod_parent} and the {@code conmon} cgroup beside them, raw cgroups, are not.
 */
@QuarkusTest
@TestProfile(PodmanDockerOnlyLiveTest.DockerOnly.class)
class PodmanDockerOnlyLiveTest {

    public static class DockerOnly implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("cadvisor.containers.docker-only", "true");
        }
    }

    final PodmanCli podman = new PodmanCli();

    @AfterEach
    void cleanUp() {
        podman.removeAll();
    }

    @Test
    void podmanContainersAreTrackedButNotTheirRawParents() throws Exception {
        assertThat(PodmanCli.available()).as("the Podman API service: run bin/provision first").isTrue();
        String name = PodmanCli.uniqueName();
        String id = podman.runDetached(name, List.of(), "sleep", "300");
        Await.until(Duration.ofSeconds(5),
                () -> given().get("/api/v2.0/spec/" + name + "?type=podman").statusCode() == 200);

        given().get("/api/v1.3/containers/libpod_parent/libpod-" + id).then().statusCode(200);
        given().get("/api/v1.3/containers/libpod_parent").then().statusCode(404);
        given().get("/api/v1.3/containers/libpod_parent/conmon").then().statusCode(404);
    }
}
