package io.jcadvisor.container.podman;

import com.fasterxml.jackson.databind.JsonNode;
import io.jcadvisor.testing.Await;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;

import static io.jcadvisor.testing.ApiJson.getJson;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The application on this host with the rootful Podman API service: a Podman container's
 * {@code containerDeletion} event carries the exit code Podman recorded ({@code api.md} §6.11).
 */
@QuarkusTest
class PodmanExitCodeLiveTest {

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
    void aContainerThatExitsWithThreeHasExitCodeThreeInItsDeletionEvent() throws Exception {
        String id = podman.runDetached(PodmanCli.uniqueName(), List.of(), "sh", "-c", "sleep 1; exit 3");
        String path = "/api/v1.3/events/libpod_parent/libpod-" + id + "?deletion_events=true";

        Await.until(Duration.ofSeconds(20), () -> deletions(path) == 1);
        JsonNode event = getJson(path).get(0);

        assertThat(event.path("event_type").asText()).isEqualTo("containerDeletion");
        assertThat(event.path("event_data").path("container_deletion").path("exit_code").asInt()).isEqualTo(3);
    }

    private static int deletions(String path) {
        try {
            return getJson(path).size();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
