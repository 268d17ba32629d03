package io.jcadvisor.container.docker;

import io.jcadvisor.container.RuntimeVersion;
import io.jcadvisor.container.ValidateResult;
import io.jcadvisor.container.ValidateSection;
import io.jcadvisor.container.ValidateStatus;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;

/**
 * Docker's part of {@code /validate/} ("Docker version", "Docker driver setup", as upstream) and of
 * {@code attributes} ({@code docker_version}, {@code docker_api_version}), from the factory's last
 * {@link DockerStatus}; never calls the daemon itself.
 */
@ApplicationScoped
public class DockerReport implements ValidateSection, RuntimeVersion {

    private final DockerFactory factory;

    public DockerReport(DockerFactory factory) {
        this.factory = factory;
    }

    @Override
    public int order() {
        return 10;
    }

    @Override
    public ValidateResult check() {
        DockerStatus status = factory.status();
        List<String> details = new ArrayList<>();
        details.add("Endpoint " + status.endpoint() + ", root dir " + status.rootDir() + ".");
        if (!status.enabled()) {
            details.add("Docker support is disabled (cadvisor.runtimes.docker.enabled=false).");
            return new ValidateResult("Docker version", ValidateStatus.UNSUPPORTED.token(), details);
        }
        if (!status.reachable()) {
            details.add("Docker daemon not reachable: " + status.lastError().orElse("unknown error")
                    + ". Retrying with backoff; cgroups are tracked as raw containers meanwhile.");
            return new ValidateResult("Docker version", ValidateStatus.UNKNOWN.token(), details);
        }
        details.add(0, "Docker version is " + status.version().orElse("") + " (API "
                + status.apiVersion().orElse("") + "). Versions >= 1.0 are supported. 1.0+ are recommended.");
        details.add("Storage driver is " + status.storageDriver().orElse("unknown") + ".");
        return new ValidateResult("Docker version", ValidateStatus.RECOMMENDED.token(), details);
    }

    @Override
    public String runtime() {
        return "docker";
    }

    @Override
    public String version() {
        return factory.status().version().orElse("");
    }

    @Override
    public String apiVersion() {
        return factory.status().apiVersion().orElse("");
    }
}
