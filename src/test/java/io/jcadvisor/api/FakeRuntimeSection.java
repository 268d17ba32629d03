package io.jcadvisor.api;

import io.jcadvisor.container.RuntimeVersion;
import io.jcadvisor.container.ValidateResult;
import io.jcadvisor.container.ValidateSection;
import io.jcadvisor.container.ValidateStatus;
import io.jcadvisor.container.engine.DockerStatus;
import io.jcadvisor.container.engine.EngineReport;
import io.jcadvisor.container.engine.EngineRuntime;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import java.util.List;
import java.util.Optional;

/** A runtime plugin's docker version, for attributes and {@code /validate/}; enabled by {@link ApiTestProfile}. */
@Alternative
@ApplicationScoped
public class FakeRuntimeSection implements ValidateSection, RuntimeVersion {

    @Override
    public ValidateResult check() {
        return ValidateResult.of("Docker version", ValidateStatus.RECOMMENDED,
                "Docker version is 20.10.24. Versions >= 1.0 are supported. 1.0+ are recommended.");
    }

    /** The version, then the real engine plugin's driver setup for a daemon on overlay2. */
    @Override
    public List<ValidateResult> checks() {
        EngineReport engine = new EngineReport(EngineRuntime.DOCKER, () -> new DockerStatus(true, true,
                "unix:///var/run/docker.sock", Optional.of("20.10.24"), Optional.of("1.41"), Optional.of("overlay2"),
                "/var/lib/docker", Optional.empty(), Optional.empty()), 100);
        return List.of(check(), engine.checks().get(1));
    }

    @Override
    public String runtime() {
        return "docker";
    }

    @Override
    public String version() {
        return "20.10.24";
    }

    @Override
    public String apiVersion() {
        return "1.41";
    }
}
