package io.jcadvisor.perf;

import io.jcadvisor.testing.Await;
import io.jcadvisor.testing.LiveCgroup;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * End to end on this real host: the agent (real manager, watch, raw factory, cgroup readers, perf
 * collector, host root {@code /}) with a perf events file, a {@code perfh-} cgroup in cpu, cpuacct,
 * memory, pids and perf_event, and a shell loop in it. Through the HTTP API the
 * container's {@code perf_stats} appear and grow with ratio 1.0, and {@code /metrics} has the
 * per-CPU series; removing the cgroup ends its perf child. Needs root, perf and the perf_event
 * hierarchy ({@code bin/provision}); kills and removes everything even on failure.
 */
@QuarkusTest
@TestProfile(PerfLiveApiTest.Profile.class)
class PerfLiveApiTest {

    /** The perf events file, written before the agent starts. */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                Path file = Files.createTempFile("perfh-events", ".json");
                file.toFile().deleteOnExit();
                Files.writeString(file, "{\"core\":{\"events\":[\"task-clock\",\"context-switches\"]}}");
                return Map.of("cadvisor.metrics.perf-events-config", file.toString(),
                        "cadvisor.housekeeping.interval", "500ms");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * perf_event first: the watch reports a name once, when its first directory appears, so a
     * container seen only in perf_event at that moment must still be taken (not read as gone and left
     * for the next global walk, a minute later).
     */
    private static final List<String> HIERARCHIES = List.of("perf_event", "cpu", "cpuacct", "memory", "pids");

    @Inject
    PerfCollector collector;

    private LiveCgroup cgroup;

    @AfterEach
    void killAndRemove() {
        if (cgroup != null) {
            cgroup.close();
        }
    }

    @Test
    void perfStatsAndMetricsOfALiveCgroup() throws Exception {
        for (String h : HIERARCHIES) {
            assertThat(Files.isWritable(Path.of("/sys/fs/cgroup", h, "cgroup.procs")))
                    .as("root and the %s hierarchy (bin/provision mounts perf_event)", h).isTrue();
        }
        assertThat(Files.isExecutable(Path.of("/usr/bin/perf"))).as("/usr/bin/perf (bin/provision installs linux-perf)")
                .isTrue();
        assertThat(collector.enabled()).isTrue();

        cgroup = LiveCgroup.create("perfh", HIERARCHIES);
        String name = cgroup.name();
        cgroup.start("while :; do :; done");

        long[] first = new long[1];
        Duration seen;
        try {
            seen = Await.until(Duration.ofSeconds(30), () -> {
                first[0] = taskClock(container(name));
                return first[0] > 0;
            });
        } catch (AssertionError e) {
            Response r = container(name);
            throw new AssertionError("no task-clock for " + name + ": HTTP " + r.statusCode() + ", perf children "
                    + collector.pids() + ", last sample " + (r.statusCode() == 200
                            ? r.jsonPath().getString("stats[-1].perf_stats") : r.asString()), e);
        }
        Await.until(Duration.ofSeconds(10), () -> taskClock(container(name)) > first[0]);
        Response latest = container(name);
        List<Map<String, Object>> perf = latest.jsonPath().getList("stats[-1].perf_stats");
        assertThat(perf).extracting(m -> m.get("name")).containsOnly("task-clock", "context-switches");
        assertThat(perf).extracting(m -> ((Number) m.get("scaling_ratio")).doubleValue()).containsOnly(1.0);
        assertThat(perf).extracting(m -> ((Number) m.get("cpu")).intValue()).contains(0);
        // v2 carries the same list
        List<Object> v2 = given().get("/api/v2.0/stats" + name + "?count=1").jsonPath()
                .getList("'" + name + "'[0].perf_stats");
        assertThat(v2).isNotEmpty();

        String metrics = given().get("/metrics").then().statusCode(200).extract().asString();
        Matcher series = Pattern.compile("container_perf_events_total\\{([^}]*)\\} (\\S+)").matcher(metrics);
        boolean found = false;
        while (series.find()) {
            String labels = series.group(1);
            if (labels.contains("id=\"" + name + "\"") && labels.contains("cpu=\"0\"")
                    && labels.contains("event=\"task-clock\"")) {
                found = true;
            }
        }
        assertThat(found).as("container_perf_events_total{cpu=\"0\",event=\"task-clock\",id=\"%s\"} in /metrics",
                name).isTrue();
        assertThat(metrics).contains("container_perf_events_scaling_ratio{");
        // Our cgroup's perf children (-G <our cgroup>): other runs' containers come and go meanwhile,
        // so the count of all children proves nothing.
        List<Long> ours = collector.pids().stream().filter(pid -> cmdline(pid).contains(name.substring(1))).toList();
        assertThat(ours).as("perf children counting %s", name).isNotEmpty();

        cgroup.close();
        cgroup = null;
        Await.until(Duration.ofSeconds(10), () -> java.util.Collections.disjoint(collector.pids(), ours));
        System.out.printf("perf API: %s perf_stats after %d ms: %s%n", name, seen.toMillis(), perf);
    }

    /** A process's command line, arguments joined by spaces; "" once it is gone. */
    private static String cmdline(long pid) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "cmdline")).replace('\0', ' ');
        } catch (java.io.IOException gone) {
            return "";
        }
    }

    private static Response container(String name) {
        return given().contentType(ContentType.JSON).body("{\"num_stats\":1}").post("/api/v1.0/containers" + name);
    }

    private static long taskClock(Response response) {
        if (response.statusCode() != 200) {
            return 0;
        }
        List<Map<String, Object>> perf = response.jsonPath().getList("stats[-1].perf_stats");
        if (perf == null) {
            return 0;
        }
        return perf.stream().filter(m -> "task-clock".equals(m.get("name")))
                .mapToLong(m -> ((Number) m.get("value")).longValue()).sum();
    }
}
