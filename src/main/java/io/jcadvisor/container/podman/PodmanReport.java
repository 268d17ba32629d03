package io.jcadvisor.container.podman;

import io.jcadvisor.container.RuntimeVersion;
import io.jcadvisor.container.ValidateResult;
import io.jcadvisor.container.ValidateSection;
import io.jcadvisor.container.engine.EngineReport;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Podman's part of {@code /validate/} ("Podman version": endpoint, version, storage driver, graph
 * root), from the factory's last status. Its version is offered as the {@code podman} runtime's; the
 * {@code docker_version} attribute stays Docker's.
 */
@ApplicationScoped
public class PodmanReport implements ValidateSection, RuntimeVersion {

    private final EngineReport report;

    public PodmanReport(PodmanFactory factory) {
        this.report = new EngineReport(PodmanFactory.PODMAN, factory::status);
    }

    @Override
    public int order() {
        return 11;
    }

    @Override
    public ValidateResult check() {
        return report.check();
    }

    @Override
    public String runtime() {
        return report.runtime();
    }

    @Override
    public String version() {
        return report.version();
    }

    @Override
    public String apiVersion() {
        return report.apiVersion();
    }
}
