package io.jcadvisor.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jcadvisor.testing.Await;
import io.jcadvisor.testing.Commands;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Against a real redis-server started on a free loopback port. */
class RedisDriverTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static RedisPeer redis;

    @BeforeAll
    static void startRedis() throws Exception {
        redis = RedisPeer.start("jcadvisor-storage-redis");
    }

    @AfterAll
    static void stopRedis() throws Exception {
        if (redis != null) {
            redis.close();
        }
    }

    private QueuedDriver driver(String key, int capacity, Duration buffer) {
        return new QueuedDriver("redis", new RedisDriver(HostPort.parse(redis.hostPort()), key, "node-1",
                StorageSamples.json()), capacity, buffer, Duration.ofMillis(50));
    }

    @Test
    void aBufferOfSamplesIsPushedAsUpstreamsDetailSpecNewestFirst() throws Exception {
        QueuedDriver driver = driver("detail", 1000, Duration.ofSeconds(1));
        try {
            for (int i = 0; i < 3; i++) {
                driver.add(StorageSamples.docker(i));
            }
            // buffered: nothing is written before the buffer duration has passed
            assertThat(redis.llen("detail")).isZero();
            Await.until(Duration.ofSeconds(10), () -> driver.written() == 3);
        } finally {
            driver.close();
        }
        List<String> items = redis.lrange("detail");
        assertThat(items).hasSize(3);
        JsonNode newest = JSON.readTree(items.get(0));
        assertThat(newest.get("timestamp").asLong()).isEqualTo((1795752000L + 2) * 1_000_000 + 123456);
        assertThat(newest.get("machine_name").asText()).isEqualTo("node-1");
        assertThat(newest.get("container_Name").asText()).isEqualTo("web");
        JsonNode stats = newest.get("container_stats");
        assertThat(stats.get("timestamp").asText()).isEqualTo("2026-11-27T04:00:02.123456789Z");
        assertThat(stats.at("/cpu/usage/total").asLong()).isEqualTo(1_000_002);
        assertThat(stats.at("/cpu/usage/per_cpu_usage/1").asLong()).isEqualTo(400);
        assertThat(stats.at("/memory/working_set").asLong()).isEqualTo(4096);
        assertThat(stats.at("/filesystem/0/device").asText()).isEqualTo("/dev/sda1");
        assertThat(JSON.readTree(items.get(2)).at("/container_stats/cpu/usage/total").asLong()).isEqualTo(1_000_000);
    }

    @Test
    void aKilledServerCostsCountedSamplesAndWritesResumeWhenItIsBack() throws Exception {
        QueuedDriver driver = driver("outage", 5, Duration.ofMillis(100));
        try {
            driver.add(StorageSamples.docker(0));
            Await.until(Duration.ofSeconds(10), () -> driver.written() == 1);
            redis.stop();
            for (int i = 1; i <= 30; i++) {
                driver.add(StorageSamples.docker(i));
            }
            Await.until(Duration.ofSeconds(10), () -> driver.failedWrites() > 0);
            // 5 may wait in the batch and 5 in the queue; the rest are dropped, and counted
            assertThat(driver.dropped()).isGreaterThanOrEqualTo(20);
            redis.start();
            Await.until(Duration.ofSeconds(30), () -> driver.written() > 1);
            driver.add(StorageSamples.docker(31));
            Await.until(Duration.ofSeconds(10), () -> driver.written() + driver.dropped() == 32);
        } finally {
            driver.close();
        }
        List<String> items = redis.lrange("outage");
        assertThat(items).hasSize((int) driver.written() - 1);
        assertThat(JSON.readTree(items.get(0)).at("/container_stats/cpu/usage/total").asLong()).isEqualTo(1_000_031);
    }

    @Test
    void aKeyOfTheWrongTypeIsRefusedAndItsBatchDroppedNotRetried() throws Exception {
        Commands.run(List.of("redis-cli", "-h", "127.0.0.1", "-p", Integer.toString(redis.port), "SET", "wrong", "x"));
        QueuedDriver driver = driver("wrong", 100, Duration.ofMillis(50));
        try {
            driver.add(StorageSamples.docker(0));
            driver.add(StorageSamples.docker(1));
            Await.until(Duration.ofSeconds(10), () -> driver.dropped() == 2);
            assertThat(driver.failedWrites()).isZero();
            assertThat(driver.written()).isZero();
        } finally {
            driver.close();
        }
    }
}
