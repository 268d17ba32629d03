package io.jcadvisor.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.jcadvisor.container.engine.EnginePlugin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The container-start race on this host, for a runtime behind the Engine API (Docker, Podman): the
 * agent talks to the real daemon through a {@link DelayingProxy} that holds a new container's inspect
 * for {@link #DELAY}, longer than the client's 3 s timeout, as a daemon still starting it does. The
 * subclass is a {@code @QuarkusTest} whose profile installs the proxy ({@link EngineProxyResource});
 * it names the runtime through the hooks (factory, command line, cgroup names, image) and checks
 * that the daemon runs; the tests and the clean-up are here.
 */
public abstract class EngineStartRaceChecks {

    /** How long the proxy holds a new container's inspect: longer than any client timeout (3 s). */
    public static final String DELAY = "8s";
    /** How long the test containers live: past the delay, so they exit once registered. */
    private static final int LIFETIME_SECONDS = 16;

    /** Drives the runtime's command line. */
    protected abstract EngineCli cli();

    /** The cgroup name of container {@code id} on this host. */
    protected abstract String cgroup(String id);

    /** The image name as the runtime reports it. */
    protected abstract String image();

    /** The runtime's factory bean, whose view of its daemon the tests follow. */
    protected abstract EnginePlugin factory();

    @AfterEach
    void removeContainers() {
        cli().removeAll();
    }

    @Test
    void aContainerWhoseInspectIsHeldIsRegisteredOnceWithItsNameAndLabels() throws Exception {
        checkHeldInspect();
    }

    @Test
    void aDaemonThatIsDownIsNoticedBackedOffAndPickedUpAgain() throws Exception {
        checkDaemonDown();
    }

    /** A unique container name for this branch's tests. */
    protected String uniqueName() {
        return "race-" + UUID.randomUUID().toString().substring(0, 8);
    }

    protected static DelayingProxy proxy() {
        return EngineProxyResource.current;
    }

    /**
     * The container is pending while its inspect is held: no series, no API entry, no event; then it is
     * registered once with its name, image and labels; its deletion carries the real exit code.
     */
    protected void checkHeldInspect() throws Exception {
        proxy().arm();
        String name = uniqueName();
        String id = cli().runDetached(name, List.of("--label", "jcadv_race=held"),
                "sh", "-c", "sleep " + LIFETIME_SECONDS + "; exit 3");
        String cgroup = cgroup(id);
        String events = "/api/v1.3/events" + cgroup + "?all_events=true";

        long firstScrape = System.nanoTime();
        int scrapes = PendingScrapes.untilRegistered(cgroup, Duration.ofSeconds(LIFETIME_SECONDS),
                line -> assertThat(line).contains("name=\"" + name + "\"").contains("image=\"" + image() + "\"")
                        .contains("container_label_jcadv_race=\"held\""),
                container -> assertThat(container.path("aliases").toString()).as("never served as a raw container")
                        .contains(name));
        System.out.printf("%s: series after %d scrapes; inspect held for %s: %s%n", cgroup, scrapes, DELAY,
                proxy().heldIds().contains(id));
        assertThat(proxy().heldIds()).as("the agent asked while the proxy held the inspect").contains(id);
        assertThat(proxy().releaseTime(id).orElseThrow()).as("scraped while the inspect was held")
                .isGreaterThan(firstScrape);
        assertThat(scrapes).as("scraped during the delay").isGreaterThan(1);
        assertThat(PendingScrapes.eventTypes(events)).as("one creation, no deletion while it runs")
                .containsExactly("containerCreation");

        Await.until(Duration.ofSeconds(LIFETIME_SECONDS + 15), () -> PendingScrapes.eventTypes(events).size() == 2);
        JsonNode all = ApiJson.getJson(events);
        assertThat(PendingScrapes.eventTypes(events)).containsExactly("containerCreation", "containerDeletion");
        assertThat(all.get(1).path("event_data").path("container_deletion").path("exit_code").asInt()).isEqualTo(3);
    }

    /**
     * A daemon that refuses every connection is noticed as unreachable within seconds (its event stream
     * ends, a probe fails), asked again with growing pauses rather than in a loop, and picked up again
     * when it answers; a container started after that is registered with its name.
     */
    protected void checkDaemonDown() throws Exception {
        Await.until(Duration.ofSeconds(10), () -> factory().status().reachable());
        try {
            proxy().refuse();
            Duration noticed = Await.until(Duration.ofSeconds(10), () -> !factory().status().reachable());
            System.out.printf("refusing daemon noticed after %d ms: %s%n", noticed.toMillis(),
                    factory().status().lastError().orElse("?"));

            int before = proxy().refusedConnections();
            LockSupport.parkNanos(Duration.ofSeconds(6).toNanos());
            int attempts = proxy().refusedConnections() - before;
            System.out.printf("connection attempts in 6 s while down: %d %s%n", attempts, proxy().refusedRequests);
            // Background retries 1, 2, 4 s apart, plus at most one probe per new container cgroup on this
            // shared host (spaced 200 ms): a handful, where a retry loop would make thousands.
            assertThat(attempts).isBetween(1, 30);
        } finally {
            proxy().resume();
        }
        Duration back = Await.until(Duration.ofSeconds(70), () -> factory().status().reachable());
        System.out.printf("daemon picked up again %d ms after it answered%n", back.toMillis());

        String name = uniqueName();
        String id = cli().runDetached(name, List.of(), "sleep", "60");
        String cgroup = cgroup(id);
        Await.until(Duration.ofSeconds(20), () -> given().get("/api/v1.3/containers" + cgroup).statusCode() == 200);
        assertThat(ApiJson.getJson("/api/v1.3/containers" + cgroup).path("aliases").toString()).contains(name);
    }
}
