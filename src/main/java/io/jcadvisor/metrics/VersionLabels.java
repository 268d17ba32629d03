package io.jcadvisor.metrics;

import io.prometheus.client.Collector;
import io.prometheus.client.Collector.MetricFamilySamples;
import io.prometheus.client.Collector.MetricFamilySamples.Sample;

import java.util.List;

/**
 * Labels of {@code cadvisor_version_info} (docs/metrics.md §7), spelled as upstream (camelCase).
 *
 * @param kernelVersion    uname release ({@code /proc/sys/kernel/osrelease})
 * @param osVersion        {@code PRETTY_NAME} of {@code /etc/os-release}
 * @param dockerVersion    Docker server version, empty when Docker is not reachable
 * @param cadvisorVersion  this agent's version
 * @param cadvisorRevision this agent's build revision, empty when unknown
 */
public record VersionLabels(String kernelVersion, String osVersion, String dockerVersion, String cadvisorVersion,
        String cadvisorRevision) {

    private static final List<String> NAMES =
            List.of("cadvisorRevision", "cadvisorVersion", "dockerVersion", "kernelVersion", "osVersion");

    /** The same labels with another Docker version. */
    public VersionLabels withDockerVersion(String docker) {
        return new VersionLabels(kernelVersion, osVersion, docker, cadvisorVersion, cadvisorRevision);
    }

    /** Gauge 1, no timestamp. */
    MetricFamilySamples family() {
        List<String> values = List.of(nz(cadvisorRevision), nz(cadvisorVersion), nz(dockerVersion), nz(kernelVersion),
                nz(osVersion));
        return new MetricFamilySamples("cadvisor_version_info", Collector.Type.GAUGE,
                "A metric with a constant '1' value labeled by kernel version, OS version, docker version, cadvisor "
                        + "version & cadvisor revision.",
                List.of(new Sample("cadvisor_version_info", NAMES, values, 1)));
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
