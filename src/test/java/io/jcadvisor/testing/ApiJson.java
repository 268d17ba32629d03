package io.jcadvisor.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.response.Response;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** The agent's JSON API as live tests read it (through rest-assured, so inside a {@code @QuarkusTest}). */
public final class ApiJson {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration POLL = Duration.ofMillis(20);

    private ApiJson() {
    }

    /** The body of a GET that must answer 200. */
    public static JsonNode getJson(String path) throws IOException {
        Response r = given().get(path);
        assertThat(r.statusCode()).as("%s: %s", path, r.asString()).isEqualTo(200);
        return JSON.readTree(r.asString());
    }

    /** Polls every 20 ms until the path answers {@code status}; the time it took. */
    public static Duration awaitStatus(String path, int status, Duration limit) {
        long start = System.nanoTime();
        long deadline = start + limit.toNanos();
        int last;
        while ((last = given().get(path).statusCode()) != status) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(path + " answered " + last + ", not " + status + ", for " + limit);
            }
            LockSupport.parkNanos(POLL.toNanos());
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** The single value of a {@code {name: value}} answer. */
    public static JsonNode only(JsonNode map) {
        assertThat(map.size()).as("entries in %s", names(map)).isEqualTo(1);
        return map.elements().next();
    }

    /** The field names of an object, in order. */
    public static List<String> names(JsonNode map) {
        List<String> out = new ArrayList<>();
        map.fieldNames().forEachRemaining(out::add);
        return out;
    }

    /** The elements of an array as text. */
    public static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    /** One field of each element of an array, as text. */
    public static List<String> texts(JsonNode array, String field) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.path(field).asText()));
        return out;
    }

    /** The sum of one numeric field over an array's elements. */
    public static long sum(JsonNode array, String field) {
        long total = 0;
        for (JsonNode n : array) {
            total += n.path(field).asLong();
        }
        return total;
    }
}
