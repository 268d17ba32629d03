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

import io.prometheus.client.Collector.MetricFamilySamples;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
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
        // The agent's own families on /metrics: the standard process_* ones, written straight from /proc/self
        // at each scrape, and the agent's own jcadvisor_* meters (docs/metrics.md §8). The rest of Micrometer's
        // registry (jvm_*, netty_*, system_*, ...) is served at /q/metrics only: enumerating its ~100 families
        // at each scrape was about 15 % of a young agent's scrape CPU, measured side by side (bench/README.md,
        // "/metrics of a young agent").
        PrometheusMeterRegistry registry = micrometer.isResolvable() ? micrometer.get() : null;
        MetricsScraper scraper = new MetricsScraper(enabled.kinds(), LabelPolicy.of(config.metrics()), clock, versions,
                () -> ownFamilies(registry));
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
     * The agent's own families as /metrics writes them: the {@code process_*} families, then the agent's
     * {@code jcadvisor_*} meters of {@code registry} (null: none). Only those meters of the registry are
     * collected ({@code filteredMetricFamilySamples} skips the others' collectors).
     */
    static Enumeration<MetricFamilySamples> ownFamilies(PrometheusMeterRegistry registry) {
        List<MetricFamilySamples> own = new ArrayList<>(AgentProcessMetrics.families());
        if (registry != null) {
            Enumeration<MetricFamilySamples> agent = registry.getPrometheusRegistry()
                    .filteredMetricFamilySamples(name -> name.startsWith(OWN_PREFIX));
            while (agent.hasMoreElements()) {
                own.add(agent.nextElement());
            }
        }
        return Collections.enumeration(own);
    }

    /** The prefix of the agent's own meters' names in Micrometer's registry ({@code jcadvisor.*}). */
    static final String OWN_PREFIX = "jcadvisor_";

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
