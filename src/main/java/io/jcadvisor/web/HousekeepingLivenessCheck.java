package io.jcadvisor.web;

import io.jcadvisor.manager.ContainerManager;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * {@code /q/health/live}: DOWN when no pass of the housekeeping driver has completed for {@link #STALE}, i.e. the
 * driver thread died or the manager is stuck. A live driver passes at least every
 * {@link io.jcadvisor.manager.HousekeepingDriver#MAX_SLEEP} (2 s, a fifth of {@link #STALE}) even when nothing is
 * due. Generous, so a GC pause or a slow start-up does not get the pod restarted.
 */
@Liveness
@ApplicationScoped
public class HousekeepingLivenessCheck implements AsyncHealthCheck {

    static final Duration STALE = Duration.ofSeconds(10);

    private final ContainerManager manager;
    private final Clock clock;

    @Inject
    public HousekeepingLivenessCheck(ContainerManager manager, Clock clock) {
        this.manager = manager;
        this.clock = clock;
    }

    /**
     * An {@link AsyncHealthCheck}, so SmallRye Health runs it on the event loop: a synchronous check would
     * be run on the worker pool, where it could wait behind busy requests. The check only reads fields.
     */
    @Override
    public Uni<HealthCheckResponse> call() {
        return Uni.createFrom().item(this::check);
    }

    HealthCheckResponse check() {
        Instant last = manager.lastTick();
        var response = HealthCheckResponse.named("housekeeping");
        if (last == null) {
            // not started yet: start-up is readiness's business
            return response.up().withData("started", false).build();
        }
        Duration since = Duration.between(last, clock.instant());
        return response.status(since.compareTo(STALE) < 0)
                .withData("last_tick", last.toString())
                .withData("since_ms", since.toMillis())
                .build();
    }
}
