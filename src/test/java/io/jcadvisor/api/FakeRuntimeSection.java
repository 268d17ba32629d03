package io.jcadvisor.api;

import io.jcadvisor.container.RuntimeVersion;
import io.jcadvisor.container.ValidateResult;
import io.jcadvisor.container.ValidateSection;
import io.jcadvisor.container.ValidateStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

/** A runtime plugin's docker version, for attributes and {@code /validate/}; enabled by {@link ApiTestProfile}. */
@Alternative
@ApplicationScoped
public class FakeRuntimeSection implements ValidateSection, RuntimeVersion {

    @Override
    public ValidateResult check() {
        return ValidateResult.of("Docker version", ValidateStatus.RECOMMENDED,
                "Docker version is 20.10.24. Versions >= 1.0 are supported. 1.0+ are recommended.");
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
