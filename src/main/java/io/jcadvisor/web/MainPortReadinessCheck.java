package io.jcadvisor.web;

import io.quarkus.vertx.http.HttpServerStart;
import io.quarkus.vertx.http.HttpsServerStart;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness check {@code http}: UP once the main port listens (Quarkus' {@link HttpServerStart} or
 * {@link HttpsServerStart}, fired after the bind).
 *
 * <p>Why: the management port, which serves the probes, is bound while Quarkus builds its router
 * ({@code edge.ManagementServer}), and the main port only after start-up's observers have run, when the
 * manager is already ready. Without this check a client that waits for readiness, as the kubelet does
 * before it sends traffic, could find the main port not yet listening.
 */
@Readiness
@ApplicationScoped
public class MainPortReadinessCheck implements AsyncHealthCheck {

    private volatile boolean listening;

    void httpStarted(@ObservesAsync HttpServerStart start) {
        listening = true;
    }

    void httpsStarted(@ObservesAsync HttpsServerStart start) {
        listening = true;
    }

    /** Asynchronous, so SmallRye Health runs it on the probes' event loop: it only reads a field. */
    @Override
    public Uni<HealthCheckResponse> call() {
        return Uni.createFrom().item(() -> HealthCheckResponse.named("http").status(listening).build());
    }
}
