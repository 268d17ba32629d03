package io.jcadvisor.config;

import io.quarkus.runtime.Startup;
import io.quarkus.runtime.configuration.ConfigurationException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The metric groups in force, resolved once from {@code cadvisor.metrics.enable/disable}. Built
 * before any other start-up work, so an unknown group stops the agent before a runtime is contacted.
 */
@ApplicationScoped
@Startup(Interceptor.Priority.PLATFORM_BEFORE)
public class EnabledMetrics {

    private final Set<MetricKind> kinds;

    /**
     * @throws ConfigurationException naming the key, for a group upstream does not know: Quarkus
     *                                prints its message as one line and stops start-up
     */
    @Inject
    public EnabledMetrics(CadvisorConfig config) {
        this(resolve(config.metrics()));
    }

    private static Set<MetricKind> resolve(CadvisorConfig.Metrics config) {
        List<String> enable = config.enable().orElse(List.of());
        try {
            return MetricKind.resolve(enable, config.disable().orElse(List.of()));
        } catch (IllegalArgumentException e) {
            String key = enable.isEmpty() ? "cadvisor.metrics.disable" : "cadvisor.metrics.enable";
            throw new ConfigurationException(key + ": " + e.getMessage(), Set.of(key));
        }
    }

    public EnabledMetrics(Set<MetricKind> kinds) {
        this.kinds = Collections.unmodifiableSet(kinds.isEmpty() ? EnumSet.noneOf(MetricKind.class) : EnumSet.copyOf(kinds));
    }

    public boolean has(MetricKind kind) {
        return kinds.contains(kind);
    }

    public Set<MetricKind> kinds() {
        return kinds;
    }
}
