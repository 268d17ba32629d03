package io.jcadvisor.web;

import java.net.URL;
import io.quarkus.test.common.http.TestHTTPResource;
import io.jcadvisor.manager.ContainerManager;
import io.jcadvisor.manager.ContainerQueries;
import io.jcadvisor.testing.Await;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;

/** The beans wire, discovery runs at start-up, housekeeping ticks, and both health groups are UP. */
@QuarkusTest
@TestProfile(ManagerHealthProfile.class)
class ManagerHealthTest {

    /** The probes are on the management interface, never on the main port. */
    // the management root is /q already
    @TestHTTPResource(value = "/health/live", management = true)
    URL live;

    @TestHTTPResource(value = "/health/ready", management = true)
    URL ready;

    @Inject
    ContainerQueries queries;

    @Inject
    ContainerManager manager;

    @Test
    void readyOnceMachineInfoAndDiscoveryAreDone() throws Exception {
        given().when().get(ready).then().statusCode(200).body("status", is("UP"))
                .body("checks.find { it.name == 'http' }.status", is("UP"));
        assertThat(queries.containers()).extracting(s -> s.name()).containsExactly("/", "/child");
        assertThat(queries.machineInfo().machineId()).isEqualTo("machine-id");
    }

    @Test
    void liveWhileHousekeepingTicks() {
        Await.until(Duration.ofSeconds(5), () -> {
            try {
                return queries.container("/child").latest() != null;
            } catch (Exception e) {
                return false;
            }
        });
        given().when().get(live).then().statusCode(200).body("status", is("UP"));
        assertThat(manager.lastTick()).isNotNull();
    }
}
