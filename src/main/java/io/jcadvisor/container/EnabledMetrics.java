package io.jcadvisor.container;

import io.jcadvisor.config.CadvisorConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** The metric groups in force, resolved once from {@code cadvisor.metrics.enable/disable}. */
@ApplicationScoped
public class EnabledMetrics {

    private final Set<MetricKind> kinds;

    @Inject
    public EnabledMetrics(CadvisorConfig config) {
        this(MetricKind.resolve(config.metrics().enable().orElse(List.of()),
                config.metrics().disable().orElse(List.of())));
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
