package io.jcadvisor.container.docker;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Docker's part of {@code /validate/} ("Docker version", "Docker driver setup", as upstream) and of
 * {@code attributes} ({@code docker_version}, {@code docker_api_version}).
 */
@ApplicationScoped
public class DockerReport extends EngineReport {

    public DockerReport(DockerFactory factory) {
        super(factory);
    }

    @Override
    public int order() {
        return 10;
    }
}
