package io.jcadvisor.container.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jcadvisor.testing.Await;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The application on this host with the real dockerd: a Docker container's {@code containerDeletion}
 * event carries the exit code Docker recorded ({@code docs/api.md} §3.6), read through the REST API.
 */
@QuarkusTest
class DockerExitCodeLiveTest {

    final DockerCli docker = new DockerCli();
    final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void daemon() {
        assertThat(DockerCli.available()).as("a running dockerd: run bin/provision first").isTrue();
    }

    @AfterEach
    void cleanUp() {
        docker.removeAll();
    }

    @Test
    void aContainerThatExitsWithThreeHasExitCodeThreeInItsDeletionEvent() throws Exception {
        String id = docker.runDetached(DockerCli.uniqueName(), List.of(), "sh", "-c", "sleep 1; exit 3");

        JsonNode deletion = awaitDeletion(id);

        assertThat(deletion.path("event_data").path("container_deletion").path("exit_code").asInt()).isEqualTo(3);
    }

    @Test
    void aForcedRemovalHasTheKillsExitCodeOrUnknown() throws Exception {
        String name = DockerCli.uniqueName();
        String id = docker.runDetached(name, List.of(), "sleep", "300");
        Await.until(Duration.ofSeconds(10), () -> given().get("/api/v1.3/docker/" + id).statusCode() == 200);

        docker.remove(name);
        JsonNode deletion = awaitDeletion(id);

        // Docker may have forgotten the container by the time its cgroup is gone: then it cannot tell.
        assertThat(deletion.path("event_data").path("container_deletion").path("exit_code").asInt()).isIn(137, -1);
    }

    private JsonNode awaitDeletion(String id) {
        String path = "/api/v1.3/events/docker/" + id + "?deletion_events=true";
        Await.until(Duration.ofSeconds(20), () -> events(path).size() == 1);
        JsonNode event = events(path).get(0);
        assertThat(event.path("container_name").asText()).isEqualTo("/docker/" + id);
        assertThat(event.path("event_type").asText()).isEqualTo("containerDeletion");
        return event;
    }

    private JsonNode events(String path) {
        try {
            return json.readTree(given().get(path).then().statusCode(200).extract().asString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
