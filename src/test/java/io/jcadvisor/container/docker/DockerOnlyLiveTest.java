package io.jcadvisor.container.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jcadvisor.testing.Await;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code cadvisor.containers.docker-only=true} on this host: the agent tracks only Docker's containers
 * (running ones, at {@code /docker/<id>}) plus {@code /}, though the host has many other cgroups.
 */
@QuarkusTest
@TestProfile(DockerOnlyLiveTest.DockerOnly.class)
class DockerOnlyLiveTest {

    public static class DockerOnly implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("cadvisor.containers.docker-only", "true");
        }
    }

    final DockerCli docker = new DockerCli();

    @AfterEach
    void cleanUp() {
        docker.removeAll();
    }

    @Test
    void onlyDockerContainersAndTheRootAreTracked() throws Exception {
        assertThat(DockerCli.available()).as("a running dockerd: run bin/provision first").isTrue();
        String id = docker.runDetached(DockerCli.uniqueName(), List.of(), "sleep", "300");
        Await.until(Duration.ofSeconds(5), () -> given().get("/api/v1.3/docker/" + id).statusCode() == 200);

        JsonNode all = new ObjectMapper().readTree(
                given().get("/api/v1.3/subcontainers/").then().statusCode(200).extract().asString());
        List<String> names = new ArrayList<>();
        all.forEach(c -> names.add(c.path("name").asText()));

        assertThat(names).contains("/", "/docker/" + id);
        // Podman's containers are runtime containers too (upstream tracks them under docker_only).
        assertThat(names).allSatisfy(n -> assertThat(n).matches("/|/docker/[0-9a-f]{64}|/libpod_parent/libpod-[0-9a-f]{64}"));
        given().get("/api/v1.3/containers/docker").then().statusCode(404);
    }
}
