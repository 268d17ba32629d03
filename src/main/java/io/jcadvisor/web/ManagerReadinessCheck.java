package io.jcadvisor.web;

import io.jcadvisor.manager.ContainerManager;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** {@code /q/health/ready}: UP once machine info is loaded and the first discovery is done. */
@Readiness
@ApplicationScoped
public class ManagerReadinessCheck implements HealthCheck {

    private final ContainerManager manager;

    @Inject
    public ManagerReadinessCheck(ContainerManager manager) {
        this.manager = manager;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("manager")
                .status(manager.ready())
                .withData("containers", manager.containerCount())
                .build();
    }
}
