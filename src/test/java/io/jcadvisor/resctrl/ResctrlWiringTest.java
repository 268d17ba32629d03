package io.jcadvisor.resctrl;

import io.jcadvisor.manager.ContainerQueries;
import io.jcadvisor.testing.Await;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * The agent as Quarkus wires it, on the v2 cgroup fixture with a hand-made resctrl mount, the
 * {@code resctrl} group on: stale groups go at start, {@code /demo} gets its group, the root
 * container's samples carry the root group's counters in REST and {@code /metrics}.
 */
@QuarkusTest
@TestProfile(ResctrlWiringTest.ResctrlHost.class)
class ResctrlWiringTest {

    /** A fresh copy under {@code target/}, since the agent writes groups into it. */
    static final Path ROOT = Path.of("target/resctrl-wiring-host").toAbsolutePath();

    public static class ResctrlHost implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            prepare();
            return Map.of("cadvisor.host.root", ROOT.toString(),
                    "cadvisor.metrics.enable", "cpu,memory,resctrl",
                    "cadvisor.runtimes.docker.enabled", "false");
        }
    }

    private static synchronized void prepare() {
        if (Files.isDirectory(ROOT.resolve(ResctrlHosts.RESCTRL))) {
            return;
        }
        if (Files.exists(ROOT)) {
            try (Stream<Path> walk = Files.walk(ROOT)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        ResctrlHosts.copy(ROOT, "cgroup-v2-systemd", "resctrl-2domain");
    }

    @Inject
    ContainerQueries queries;

    @Inject
    ResctrlCollector collector;

    private void awaitSamples() {
        Await.until(Duration.ofSeconds(10), () -> {
            try {
                return queries.container("/").latest() != null && queries.container("/demo").latest() != null;
            } catch (Exception e) {
                return false;
            }
        });
    }

    @Test
    void containersGetGroupsAndStaleOnesAreGone() throws IOException {
        awaitSamples();
        assertThat(collector.active()).isTrue();
        Path resctrl = ROOT.resolve(ResctrlHosts.RESCTRL);
        assertThat(resctrl.resolve("mon_groups/cadvisor-system.slice-crashed")).doesNotExist();
        assertThat(resctrl.resolve("allocA/mon_groups/cadvisor-stale-old")).doesNotExist();
        assertThat(collector.groupDirs()).containsEntry("/demo", "/sys/fs/resctrl/mon_groups/cadvisor-demo");
        assertThat(Files.readAllLines(resctrl.resolve("mon_groups/cadvisor-demo/tasks")))
                .containsExactly("133", "1330", "1331", "134", "143");
        assertThat(resctrl.resolve("mon_groups/other-tool")).isDirectory();
    }

    @Test
    void rootSamplesCarryTheRootGroupsCounters() {
        awaitSamples();
        given().when().get("/api/v1.3/containers/").then().statusCode(200)
                .body("stats[-1].resctrl.memory_bandwidth[0].mbm_total_bytes", is(3096457216L))
                .body("stats[-1].resctrl.memory_bandwidth[1].mbm_local_bytes", is(1179648000))
                .body("stats[-1].resctrl.cache[1].llc_occupancy", is(983040));
        // /demo's group has no mon_data in a plain directory: its samples keep `{}`.
        given().when().get("/api/v1.3/containers/demo").then().statusCode(200)
                .body("stats[-1].resctrl.size()", is(0));
        String metrics = given().when().get("/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).containsPattern(
                "(?m)^container_llc_occupancy_bytes\\{[^}]*id=\"/\",[^}]*node_id=\"0\",[^}]*\\} 1441792\\.0 \\d+$");
        assertThat(metrics).containsPattern(
                "(?m)^container_memory_bandwidth_bytes\\{[^}]*id=\"/\",[^}]*node_id=\"1\",[^}]*\\} 1\\.245184E9 \\d+$");
    }
}
