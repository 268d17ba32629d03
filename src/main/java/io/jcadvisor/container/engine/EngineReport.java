package io.jcadvisor.container.engine;

import io.jcadvisor.container.RuntimeVersion;
import io.jcadvisor.container.ValidateResult;
import io.jcadvisor.container.ValidateSection;
import io.jcadvisor.container.ValidateStatus;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * A daemon's part of {@code /validate/} ("Docker version", then "Docker driver setup" with the storage
 * driver, as upstream; the same for Podman) and of {@code attributes} ({@code docker_version}, {@code docker_api_version}:
 * only Docker's is shown there), from the factory's last {@link DockerStatus}; never calls the daemon
 * itself. Each plugin produces its own as a CDI bean (see {@code DockerFactory}, {@code PodmanFactory}).
 */
public final class EngineReport implements ValidateSection, RuntimeVersion {

    private final EngineRuntime runtime;
    private final Supplier<DockerStatus> status;
    private final int order;

    /**
     * @param status the factory's last status, asked at each report
     * @param order  place among the {@code /validate/} sections
     */
    public EngineReport(EngineRuntime runtime, Supplier<DockerStatus> status, int order) {
        this.runtime = runtime;
        this.status = status;
        this.order = order;
    }

    @Override
    public int order() {
        return order;
    }

    @Override
    public ValidateResult check() {
        String title = runtime.displayName() + " version";
        DockerStatus status = this.status.get();
        List<String> details = new ArrayList<>();
        details.add("Endpoint " + status.endpoint() + ", root dir " + status.rootDir() + ".");
        if (!status.enabled()) {
            details.add(runtime.displayName() + " support is disabled (" + runtime.configKey() + ".enabled=false).");
            return new ValidateResult(title, ValidateStatus.UNSUPPORTED.token(), details);
        }
        if (!status.reachable()) {
            details.add(runtime.displayName() + " daemon not reachable: " + status.lastError().orElse("unknown error")
                    + ". Retrying with backoff; cgroups are tracked as raw containers meanwhile.");
            return new ValidateResult(title, ValidateStatus.UNKNOWN.token(), details);
        }
        details.add(0, runtime.displayName() + " version is " + status.version().orElse("") + " (API "
                + status.apiVersion().orElse("") + "). Versions >= 1.0 are supported. 1.0+ are recommended.");
        return new ValidateResult(title, ValidateStatus.RECOMMENDED.token(), details);
    }

    /** The version section, then the driver setup section. */
    @Override
    public List<ValidateResult> checks() {
        return List.of(check(), driverSetup());
    }

    /**
     * Upstream's "Docker driver setup": the daemon's storage driver ({@code GET /info} {@code Driver}),
     * {@code [Unsupported]} when the daemon cannot be asked.
     */
    ValidateResult driverSetup() {
        String title = runtime.displayName() + " driver setup";
        DockerStatus status = this.status.get();
        if (!status.enabled()) {
            return ValidateResult.of(title, ValidateStatus.UNSUPPORTED, runtime.displayName() + " setup is invalid: "
                    + runtime.displayName() + " support is disabled.");
        }
        if (!status.reachable() || status.storageDriver().isEmpty()) {
            return ValidateResult.of(title, ValidateStatus.UNSUPPORTED, runtime.displayName() + " setup is invalid: "
                    + status.lastError().orElse("no answer from the daemon yet") + ".");
        }
        return ValidateResult.of(title, ValidateStatus.RECOMMENDED,
                "Storage driver is " + status.storageDriver().get() + ".");
    }

    @Override
    public String runtime() {
        return runtime.namespace();
    }

    @Override
    public String version() {
        return status.get().version().orElse("");
    }

    @Override
    public String apiVersion() {
        return status.get().apiVersion().orElse("");
    }
}
