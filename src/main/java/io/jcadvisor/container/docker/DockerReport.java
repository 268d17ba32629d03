package io.jcadvisor.container.docker;

import io.jcadvisor.container.engine.DockerStatus;
import io.jcadvisor.container.engine.EngineReport;
import io.jcadvisor.container.engine.EngineRuntime;
import io.jcadvisor.container.RuntimeVersion;
import io.jcadvisor.container.ValidateResult;
import io.jcadvisor.container.ValidateSection;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Docker's part of {@code /validate/} ("Docker version", "Docker driver setup", as upstream) and of
 * {@code attributes} ({@code docker_version}, {@code docker_api_version}), from the factory's last
 * {@link DockerStatus}; never calls the daemon itself.
 */
@ApplicationScoped
public class DockerReport implements ValidateSection, RuntimeVersion {

    private final EngineReport report;

    public DockerReport(DockerFactory factory) {
        this.report = new EngineReport(EngineRuntime.DOCKER, factory::status);
    }

    @Override
    public int order() {
        return 10;
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
