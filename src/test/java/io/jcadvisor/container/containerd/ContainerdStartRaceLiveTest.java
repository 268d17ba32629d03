package io.jcadvisor.container.containerd;

import com.fasterxml.jackson.databind.JsonNode;
import io.jcadvisor.testing.ApiJson;
import io.jcadvisor.testing.Await;
import io.jcadvisor.testing.PendingScrapes;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The container-start race with the system containerd behind a {@link GrpcDelayingProxy} that answers
 * {@code Containers/Get} (and {@code Tasks/Get}) about a new container only 8 s after the agent first
 * asks, longer than the client's 2 s timeout: a busy daemon. The container stays pending (no series, no
 * event), then is registered once with its labels; its deletion carries the task's exit code.
 */
@QuarkusTest
@TestProfile(ContainerdStartRaceLiveTest.BehindProxy.class)
class ContainerdStartRaceLiveTest extends CtrLiveTest {

    static final Duration DELAY = Duration.ofSeconds(8);

    /** The proxy in front of the system containerd; the proxy's resource sets the agent's endpoint. */
    public static class BehindProxy extends ContainerdTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> overrides = new HashMap<>(super.getConfigOverrides());
            overrides.remove("cadvisor.runtimes.containerd.endpoint");
            return overrides;
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(GrpcDelayingProxy.Resource.class,
                    Map.of(GrpcDelayingProxy.Resource.UPSTREAM, daemon().socket)));
        }
    }

    /** The proxy in front of containerd 2.1. */
    public static class BehindProxyOn21 extends BehindProxy {
        @Override
        ContainerdDaemon daemon() {
            return ContainerdDaemon.PEER_2_1;
        }
    }

    @Test
    void aContainerWhoseGetIsHeldIsRegisteredOnceWithItsLabels() throws Exception {
        GrpcDelayingProxy proxy = GrpcDelayingProxy.Resource.current;
        proxy.arm();
        long firstScrape = System.nanoTime();
        String id = ctr.runDetached(CtrCli.uniqueId(), List.of("--label", "jcadv_race=held"),
                "sh", "-c", "sleep 14; exit 3");
        String cgroup = "/" + CtrCli.NAMESPACE + "/" + id;
        String events = "/api/v1.3/events" + cgroup + "?all_events=true";

        int scrapes = PendingScrapes.untilRegistered(cgroup, Duration.ofSeconds(14),
                line -> assertThat(line).contains("name=\"" + id + "\"").contains("image=\"" + CtrCli.IMAGE + "\"")
                        .contains("container_label_jcadv_race=\"held\""),
                container -> assertThat(container.path("namespace").asText()).as("never served as a raw container")
                        .isEqualTo("containerd"));
        System.out.printf("%s: series after %d scrapes; Containers/Get held: %s%n", cgroup, scrapes,
                proxy.heldIds().contains(id));
        assertThat(proxy.heldIds()).as("the agent asked while the proxy held the answer").contains(id);
        assertThat(proxy.releaseTime(id).orElseThrow()).as("scraped while the answer was held")
                .isGreaterThan(firstScrape);
        assertThat(PendingScrapes.eventTypes(events)).as("one creation, no deletion while it runs")
                .containsExactly("containerCreation");

        // The exited task keeps its cgroup until it is deleted (ctr run -d deletes nothing by itself).
        Await.until(Duration.ofSeconds(30), () -> taskStopped(id));
        assertThat(PendingScrapes.eventTypes(events)).containsExactly("containerCreation");
        ctr.remove(id);
        Await.until(Duration.ofSeconds(15), () -> PendingScrapes.eventTypes(events).size() == 2);
        JsonNode all = ApiJson.getJson(events);
        assertThat(PendingScrapes.eventTypes(events)).containsExactly("containerCreation", "containerDeletion");
        assertThat(all.get(1).path("event_data").path("container_deletion").path("exit_code").asInt()).isEqualTo(3);
    }

    private boolean taskStopped(String id) {
        try {
            return ctr.taskStatus(id).equals("STOPPED");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
