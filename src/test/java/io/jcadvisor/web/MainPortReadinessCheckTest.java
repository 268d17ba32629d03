package io.jcadvisor.web;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Readiness waits for the main port: DOWN until Quarkus reports it listening, then UP. */
class MainPortReadinessCheckTest {

    @Test
    void downUntilTheMainPortListensThenUp() {
        MainPortReadinessCheck check = new MainPortReadinessCheck();
        HealthCheckResponse before = check.call().await().atMost(Duration.ofSeconds(1));
        assertThat(before.getName()).isEqualTo("http");
        assertThat(before.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);

        check.httpStarted(null);

        assertThat(check.call().await().atMost(Duration.ofSeconds(1)).getStatus())
                .isEqualTo(HealthCheckResponse.Status.UP);
    }

    @Test
    void aTlsOnlyMainPortCountsToo() {
        MainPortReadinessCheck check = new MainPortReadinessCheck();
        check.httpsStarted(null);
        assertThat(check.call().await().atMost(Duration.ofSeconds(1)).getStatus())
                .isEqualTo(HealthCheckResponse.Status.UP);
    }
}
