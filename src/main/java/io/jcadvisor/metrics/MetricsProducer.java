package io.jcadvisor.metrics;

import io.jcadvisor.config.CadvisorConfig;
import io.jcadvisor.config.EnabledMetrics;
import io.jcadvisor.container.RuntimeVersion;
import io.jcadvisor.machine.HostVersions;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;

/** Wires the {@link MetricsScraper} from config, the enabled groups and Micrometer's registry. */
public class MetricsProducer {

    @Produces
    @Singleton
    MetricsScraper scraper(EnabledMetrics enabled, CadvisorConfig config, Clock clock, HostVersions hostVersions,
            Instance<PrometheusMeterRegistry> micrometer, Instance<RuntimeVersion> runtimes,
            @ConfigProperty(name = "quarkus.application.version", defaultValue = "") String version) {
        // The same kernel and OS strings as attributes and /validate/ report.
        VersionLabels labels = new VersionLabels(hostVersions.kernelVersion(), hostVersions.osVersion(), "", version,
                "");
        // Upstream head never fills dockerVersion (a regression, docs/metrics.md §7); we ask the Docker
        // plugin's cached daemon status at each scrape, so it follows daemon restarts and upgrades.
        List<RuntimeVersion> docker = runtimes.stream().filter(r -> r.runtime().equals("docker")).toList();
        Supplier<VersionLabels> versions = docker.isEmpty() ? () -> labels
                : () -> labels.withDockerVersion(docker.get(0).version());
        // An injected CollectorRegistry would be a new empty one; Micrometer's own registry holds the
        // jvm_*, process_* and system_* families of the agent.
        PrometheusMeterRegistry registry = micrometer.isResolvable() ? micrometer.get() : null;
        MetricsScraper scraper = new MetricsScraper(enabled.kinds(), LabelPolicy.of(config.metrics()), clock, versions,
                registry == null ? null : () -> registry.getPrometheusRegistry().metricFamilySamples());
        if (registry != null) {
            FunctionCounter.builder("jcadvisor.metrics.dropped.label.names", scraper,
                    MetricsScraper::droppedLabelNames)
                    .description("Container label names left out of /metrics scrapes by "
                            + "cadvisor.metrics.max-label-names")
                    .register(registry);
            AgentProcessMetrics.register(registry);
        }
        return scraper;
    }

    /**
     * Micrometer's system meters (uptime, processor, file descriptors), bound here because
     * application.properties turns Quarkus' own system binder off: {@link AgentProcessMetrics#registerSystem}.
     */
    @Produces
    @Singleton
    MeterBinder systemMetrics() {
        return AgentProcessMetrics::registerSystem;
    }

    /** The standard HELP text for Micrometer's {@code process_start_time_seconds} (docs/metrics.md §8). */
    @Produces
    @Singleton
    MeterFilter startTimeHelp() {
        return AgentProcessMetrics.startTimeHelp();
    }
}
