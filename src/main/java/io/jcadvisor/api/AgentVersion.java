package io.jcadvisor.api;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The agent's own version, one place for {@code /api/v2.x/version}, {@code attributes} and
 * {@code /validate/}. Quarkus stamps {@code quarkus.application.version} from the project version
 * at build time, so the native image carries it without a resource file.
 */
@ApplicationScoped
public class AgentVersion {

    private final String version;

    public AgentVersion(@ConfigProperty(name = "quarkus.application.version", defaultValue = "") String version) {
        this.version = version;
    }

    /** The version string ({@code 0.1.0}); empty when the build did not stamp one. */
    public String version() {
        return version;
    }
}
