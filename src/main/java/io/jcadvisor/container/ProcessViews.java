package io.jcadvisor.container;

import io.jcadvisor.config.EnabledMetrics;

import io.jcadvisor.proc.PidStatsReader;
import jakarta.enterprise.context.ApplicationScoped;

/** Makes the per-container {@link ProcessView}s, with the enabled metric groups. */
@ApplicationScoped
public class ProcessViews {

    private final PidStatsReader reader;
    private final EnabledMetrics metrics;

    public ProcessViews(PidStatsReader reader, EnabledMetrics metrics) {
        this.reader = reader;
        this.metrics = metrics;
    }

    public ProcessView newView() {
        return new ProcessView(reader, metrics);
    }
}
