package io.jcadvisor.oom;

import io.jcadvisor.testing.Await;
import io.jcadvisor.testing.LiveCgroup;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * End to end on this real host: the agent as packaged (real {@link OomWatcher} on {@code /dev/kmsg}, real
 * manager and raw cgroups, host root {@code /}) sees a fresh OOM kill in a v1 memory cgroup limited to
 * 16 MiB ({@code /oomh-…}, removed afterwards), reports {@code oom} and {@code oomKill} events for it, and
 * counts exactly one kill for that name in the REST samples and {@code container_oom_events_total}.
 */
@QuarkusTest
class OomLiveTest {

    @Inject
    OomCounter counter;

    private LiveCgroup cgroup;

    @AfterEach
    void remove() {
        if (cgroup != null) {
            cgroup.close();
        }
    }

    @Test
    void freshOomKillGivesEventsAndACountOfOne() throws Exception {
        assumeTrue(Files.isReadable(Path.of("/dev/kmsg")), "needs a readable /dev/kmsg");
        assumeTrue(Files.isWritable(Path.of("/sys/fs/cgroup/memory/cgroup.procs")), "needs root on cgroup v1");
        assertThat(counter.active()).as("watcher reads /dev/kmsg").isTrue();

        cgroup = LiveCgroup.create("oomh");
        String name = cgroup.name();
        cgroup.write("memory", "memory.limit_in_bytes", Integer.toString(16 << 20));
        Await.until(Duration.ofSeconds(10), () -> given().get("/api/v1.3/containers" + name).statusCode() == 200);
        Instant before = Instant.now();

        Process hog = cgroup.start("python3 -c 'b = bytearray(64 << 20)'; sleep 300");

        String query = "/api/v1.3/events?oom_events=true&oom_kill_events=true&subcontainers=true&max_events=-1";
        Duration seen = Await.until(Duration.ofSeconds(20), () -> given().get(query).jsonPath()
                .<Map<String, Object>>getList("").stream().filter(e -> name.equals(e.get("container_name")))
                .count() >= 2);
        JsonPath exact = given().get("/api/v1.3/events" + name + "?oom_events=true&oom_kill_events=true")
                .then().statusCode(200).contentType(ContentType.JSON).extract().jsonPath();
        List<Map<String, Object>> events = exact.getList("");

        assertThat(events).extracting(e -> e.get("event_type")).containsExactly("oom", "oomKill");
        assertThat(events).extracting(e -> e.get("container_name")).containsOnly(name);
        assertThat(exact.getMap("[0].event_data")).isEmpty();
        assertThat(exact.getInt("[1].event_data.oom.pid")).isPositive();
        assertThat(exact.getString("[1].event_data.oom.process_name")).startsWith("python");
        assertThat(exact.getString("[1].event_data.oom.constraint")).isEqualTo("CONSTRAINT_MEMCG");
        Instant at = Instant.parse(exact.getString("[0].timestamp"));
        assertThat(Duration.between(before, at).abs()).as("boot time + kmsg offset ≈ now").isLessThan(
                Duration.ofSeconds(30));
        assertThat(hog.isAlive()).as("only the python child was killed").isTrue();

        assertThat(counter.count(name)).hasValue(1);
        // oom_events is left out while 0
        Await.until(Duration.ofSeconds(20), () -> given().contentType(ContentType.JSON).body("{\"num_stats\":1}")
                .post("/api/v1.0/containers" + name).jsonPath().get("stats[-1].oom_events") instanceof Number n
                && n.longValue() == 1);
        String metrics = given().get("/metrics").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("(?m)^container_oom_events_total\\{[^}]*id=\"" + Pattern.quote(name)
                + "\"[^}]*} (\\S+)").matcher(metrics);
        assertThat(m.find()).as("container_oom_events_total of %s", name).isTrue();
        assertThat(Double.parseDouble(m.group(1))).isEqualTo(1.0);
        System.out.printf("OOM live: %s events after %d ms at %s; %d names counted%n", name,
                seen.toMillis(), at, counter.size());
    }
}
