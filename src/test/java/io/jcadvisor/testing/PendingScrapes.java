package io.jcadvisor.testing;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a client sees of a container while its runtime is slow to describe it, for the start-race live
 * tests: {@code /metrics} and {@code /api/v1.3/containers<cgroup>} polled every 200 ms.
 */
public final class PendingScrapes {

    private PendingScrapes() {
    }

    /**
     * Scrapes until {@code /metrics} has series of {@code cgroup}: each series line seen must pass
     * {@code series} (name, image, labels from the first scrape on), and the API must answer 404
     * (pending) or a container that passes {@code registered} (never a raw one).
     *
     * @return how many scrapes it took
     */
    public static int untilRegistered(String cgroup, Duration limit, Consumer<String> series,
            Consumer<JsonNode> registered) throws IOException {
        long deadline = System.nanoTime() + limit.toNanos();
        int scrapes = 0;
        List<String> lines = List.of();
        while (lines.isEmpty()) {
            assertThat(System.nanoTime()).as("series of %s within %s", cgroup, limit).isLessThan(deadline);
            lines = given().get("/metrics").then().statusCode(200).extract().asString().lines()
                    .filter(l -> l.contains("id=\"" + cgroup + "\"")).toList();
            scrapes++;
            lines.forEach(series);
            int status = given().get("/api/v1.3/containers" + cgroup).statusCode();
            if (status == 200) {
                registered.accept(ApiJson.getJson("/api/v1.3/containers" + cgroup));
            } else {
                assertThat(status).as("pending: not served").isEqualTo(404);
            }
            LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
        }
        return scrapes;
    }

    /** The {@code event_type}s an events query answers, in order. */
    public static List<String> eventTypes(String path) {
        try {
            List<String> types = new ArrayList<>();
            for (JsonNode event : ApiJson.getJson(path)) {
                types.add(event.path("event_type").asText());
            }
            return types;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
