package io.jcadvisor.app;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One application-metrics collector as declared by a container: label
 * {@code io.cadvisor.metric.<collector>=<config file in the container>} and that file's JSON (upstream
 * {@code collector.Config} / {@code collector.Prometheus}).
 *
 * @param collector        the label's suffix, e.g. {@code prometheus-web}
 * @param kind             {@link Kind#PROMETHEUS} when the suffix starts with {@code prometheus} (any case), else generic
 * @param endpoint         where to scrape
 * @param pollingFrequency time between scrapes, at least {@link CollectorConfigParser#MIN_POLLING}
 * @param metricNames      Prometheus only: the families to keep (empty = all)
 * @param metrics          generic only: the metrics to extract, at least one
 */
public record CollectorConfig(String collector, Kind kind, Endpoint endpoint, Duration pollingFrequency,
        Set<String> metricNames, List<MetricConfig> metrics) {

    /** The two collector types upstream has. */
    public enum Kind {
        /** Scrapes a Prometheus text endpoint; every sample becomes a float value. */
        PROMETHEUS,
        /** Fetches a page and extracts one value per metric with a regex's first group. */
        GENERIC
    }

    /**
     * Either a full URL ({@code "endpoint": "http://localhost:8000/status"}) or the parts of one built
     * on the container's IP ({@code {"protocol": "http", "port": 8080, "path": "/metrics"}}).
     *
     * @param url      the full URL, or null for the parts form
     * @param protocol {@code http} or {@code https} (parts form)
     * @param port     port as written, digits only (parts form)
     * @param path     path with its leading {@code /}, may be empty (parts form)
     */
    public record Endpoint(String url, String protocol, String port, String path) {
    }

    /**
     * One generic metric ({@code metrics_config[]} entry).
     *
     * @param name       metric name, also its family name on {@code /metrics}
     * @param metricType {@code gauge} or {@code cumulative} as declared (upstream does not check it)
     * @param units      free text for display
     * @param dataType   {@code int} or {@code float}
     * @param regex      first capture group is the value
     */
    public record MetricConfig(String name, String metricType, String units, String dataType, Pattern regex) {
    }
}
