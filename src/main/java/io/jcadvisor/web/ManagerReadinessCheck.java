package io.jcadvisor.web;

import io.jcadvisor.manager.ContainerManager;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** {@code /q/health/ready}: UP once machine info is loaded and the first discovery is done. */
@Readiness
@ApplicationScoped
public class ManagerReadinessCheck implements AsyncHealthCheck {

    private final ContainerManager manager;

    @Inject
    public ManagerReadinessCheck(ContainerManager manager) {
        this.manager = manager;
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
        return HealthCheckResponse.named("manager")
                .status(manager.ready())
                .withData("containers", manager.containerCount())
                .build();
    }
}
