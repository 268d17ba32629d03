package io.jcadvisor.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jcadvisor.testing.ApiJson;
import io.jcadvisor.testing.Await;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The agent as Quarkus wires it on this host with {@code storage_driver=redis} pointing at a real
 * redis-server: samples of the root container {@code /} reach the list, equal to the cached ones.
 */
@QuarkusTest
@TestProfile(StorageWiringTest.RedisStorage.class)
class StorageWiringTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final String KEY = "jcadvisor-storage-wiring";

    public static class RedisStorage implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("cadvisor.storage.driver", "redis",
                    "cadvisor.storage.driver-db", KEY,
                    "cadvisor.storage.driver-buffer-duration", "200ms",
                    // only / and nothing from the runtimes: the point is the hook, not discovery
                    "cadvisor.containers.raw-cgroup-prefix-whitelist", "/jcadvisor-storage-none",
                    "cadvisor.runtimes.docker.enabled", "false",
                    "cadvisor.runtimes.podman.enabled", "false",
                    "cadvisor.runtimes.containerd.enabled", "false");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(RedisResource.class));
        }
    }

    /** Starts redis before the agent boots and points {@code storage_driver_host} at it. */
    public static class RedisResource implements QuarkusTestResourceLifecycleManager {
        static RedisPeer redis;

        @Override
        public Map<String, String> start() {
            try {
                redis = RedisPeer.start("jcadvisor-storage-wiring");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return Map.of("cadvisor.storage.driver-host", redis.hostPort());
        }

        @Override
        public void stop() {
            try {
                redis.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void samplesOfTheRootContainerArriveInRedisAsTheyWereCached() throws Exception {
        List<JsonNode> pushed = Await.poll(Duration.ofSeconds(30), Duration.ofMillis(200), this::pushed,
                docs -> docs.size() >= 2);
        JsonNode newest = pushed.get(0);
        assertThat(newest.get("container_Name").asText()).isEqualTo("/");
        String hostname = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        assertThat(newest.get("machine_name").asText()).isEqualTo(hostname);
        assertThat(newest.at("/container_stats/cpu/usage/total").asLong()).isPositive();

        // the same sample is in the cache: find it by its timestamp and compare values
        JsonNode cached = ApiJson.getJson("/api/v1.3/containers/");
        Map<String, JsonNode> byTime = new java.util.HashMap<>();
        for (JsonNode s : cached.get("stats")) {
            byTime.put(s.get("timestamp").asText(), s);
        }
        JsonNode match = null;
        for (JsonNode doc : pushed) {
            match = byTime.get(doc.at("/container_stats/timestamp").asText());
            if (match != null) {
                assertThat(doc.at("/container_stats/cpu/usage/total").asLong())
                        .isEqualTo(match.at("/cpu/usage/total").asLong());
                assertThat(doc.at("/container_stats/memory/usage").asLong())
                        .isEqualTo(match.at("/memory/usage").asLong());
                break;
            }
        }
        assertThat(match).as("a pushed sample that is also in the cache").isNotNull();

        // the agent's own counts follow on /metrics
        String metrics = given().header("Accept", "text/plain").get("/metrics").asString();
        assertThat(metrics).containsPattern("(?m)^jcadvisor_storage_samples_written_total\\{driver=\"redis\",?} "
                + "[1-9][0-9.E]*$");
        assertThat(metrics).containsPattern("(?m)^jcadvisor_storage_samples_dropped_total\\{driver=\"redis\",?} 0\\.0$");
    }

    private List<JsonNode> pushed() {
        try {
            List<JsonNode> docs = new ArrayList<>();
            for (String item : RedisResource.redis.lrange(KEY)) {
                docs.add(JSON.readTree(item));
            }
            return docs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
