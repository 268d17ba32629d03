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

import io.prometheus.client.Collector;
import io.prometheus.client.Collector.MetricFamilySamples;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
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
        // The agent's own families on /metrics are the standard process_* ones and the dropped-label counter,
        // written straight from /proc/self at each scrape (docs/metrics.md §8). Micrometer's registry (jvm_*,
        // netty_*, ...) is served at /q/metrics only: enumerating its ~100 families at each scrape was about a
        // tenth of a warm scrape's CPU, and its code paths kept the JIT busy for hundreds of scrapes after start
        // (bench/README.md, "/metrics without Micrometer's families").
        MetricsScraper[] self = new MetricsScraper[1];
        MetricsScraper scraper = new MetricsScraper(enabled.kinds(), LabelPolicy.of(config.metrics()), clock, versions,
                () -> Collections.enumeration(ownFamilies(self[0])));
        self[0] = scraper;
        PrometheusMeterRegistry registry = micrometer.isResolvable() ? micrometer.get() : null;
        if (registry != null) {
            FunctionCounter.builder("jcadvisor.metrics.dropped.label.names", scraper,
                    MetricsScraper::droppedLabelNames)
                    .description(DROPPED_HELP)
                    .register(registry);
            AgentProcessMetrics.register(registry);
        }
        return scraper;
    }

    private static final String DROPPED_HELP = "Container label names left out of /metrics scrapes by "
            + "cadvisor.metrics.max-label-names";

    /** The agent's own families as /metrics writes them: the process_* families and the dropped-label counter. */
    static List<MetricFamilySamples> ownFamilies(MetricsScraper scraper) {
        List<MetricFamilySamples> own = new ArrayList<>(AgentProcessMetrics.families());
        own.add(AgentProcessMetrics.family("jcadvisor_metrics_dropped_label_names", Collector.Type.COUNTER,
                DROPPED_HELP, scraper.droppedLabelNames()));
        return own;
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
