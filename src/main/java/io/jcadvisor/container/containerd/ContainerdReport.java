package io.jcadvisor.container.containerd;

import io.jcadvisor.container.RuntimeVersion;
import io.jcadvisor.container.ValidateResult;
import io.jcadvisor.container.ValidateSection;
import io.jcadvisor.container.ValidateStatus;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;

/**
 * containerd's part of {@code /validate/} and of the runtime versions, from the factory's last
 * {@link ContainerdStatus}; never calls the daemon itself.
 */
@ApplicationScoped
public class ContainerdReport implements ValidateSection, RuntimeVersion {

    static final String TITLE = "containerd version";

    private final ContainerdFactory factory;

    public ContainerdReport(ContainerdFactory factory) {
        this.factory = factory;
    }

    @Override
    public int order() {
        return 20;
    }

    @Override
    public ValidateResult check() {
        ContainerdStatus status = factory.status();
        List<String> details = new ArrayList<>();
        details.add("Endpoint " + status.endpoint() + ", namespace " + status.namespace() + ".");
        if (!status.enabled()) {
            details.add("containerd support is disabled (cadvisor.runtimes.containerd.enabled=false).");
            return new ValidateResult(TITLE, ValidateStatus.UNSUPPORTED.token(), details);
        }
        if (!status.reachable()) {
            details.add("containerd not reachable: " + status.lastError().orElse("not asked yet")
                    + ". Cgroups are tracked as raw containers meanwhile.");
            return new ValidateResult(TITLE, ValidateStatus.UNKNOWN.token(), details);
        }
        ContainerdVersion v = status.version().orElseThrow();
        // Distribution builds may leave the revision out (Debian's 2.1 answers an empty one).
        details.add(0, "containerd version is " + v.version()
                + (v.revision().isEmpty() ? "." : " (revision " + v.revision() + ")."));
        return new ValidateResult(TITLE, ValidateStatus.RECOMMENDED.token(), details);
    }

    @Override
    public String runtime() {
        return ContainerdHandler.NAMESPACE;
    }

    @Override
    public String version() {
        return factory.status().version().map(ContainerdVersion::version).orElse("");
    }

    /** containerd's API has no version number of its own beyond the service path ({@code v1}). */
    @Override
    public String apiVersion() {
        return "";
    }
}
