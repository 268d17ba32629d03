package io.jcadvisor.metrics;

import io.jcadvisor.info.v1.ContainerStats;
import io.jcadvisor.info.v1.MetricVal;
import io.jcadvisor.manager.ContainerSnapshot;
import io.prometheus.client.Collector;
import io.prometheus.client.Collector.MetricFamilySamples;
import io.prometheus.client.Collector.MetricFamilySamples.Sample;
import io.quarkus.logging.Log;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The families of application metrics (group {@code app}, docs/metrics.md §5.16): one per metric name
 * found in the exported containers' latest {@code custom_metrics}, named as the collector named it,
 * always a gauge with help "Custom application metric.", base labels plus {@code app_<label>} for the
 * sample's labels (sanitised like other label names), no timestamp.
 *
 * <p>Unlike upstream, which hands these to client_golang unchecked (an invalid or clashing name
 * there fails the scrape): a name that is not a valid metric name or that a built-in family
 * already uses is dropped (logged once); every series of a family carries the union of the family's
 * label names ({@code ""} where a sample lacks one); a second series with the same labels is
 * dropped. The value is the float value, or the int value of an {@code int} metric (upstream writes
 * the float value only, so int metrics show 0).
 */
final class AppFamilies {

    static final String HELP = "Custom application metric.";
    private static final String LABEL_PREFIX = "app_";
    private static final int MAX_LOGGED = 1000;

    private AppFamilies() {
    }

    private record Series(int row, Map<String, String> labels, double value) {
    }

    /**
     * @param rows     exported containers, aligned with {@code base.values}
     * @param taken    written names of the scrape's other families
     * @param reported names already logged as dropped (grows to at most {@value #MAX_LOGGED})
     */
    static List<MetricFamilySamples> entries(List<ContainerSnapshot> rows, BaseLabels base, LabelPolicy policy,
            List<String> taken, Set<String> reported) {
        Set<String> builtIn = new HashSet<>(taken);
        for (String name : taken) {
            // A counter family is declared without _total; a gauge of that bare name would clash with it.
            if (name.endsWith("_total")) {
                builtIn.add(name.substring(0, name.length() - "_total".length()));
            }
        }
        Map<String, List<Series>> byName = new TreeMap<>();
        for (int i = 0; i < rows.size(); i++) {
            ContainerStats stats = rows.get(i).latest();
            if (stats == null || stats.customMetrics() == null) {
                continue;
            }
            for (Map.Entry<String, List<MetricVal>> e : stats.customMetrics().entrySet()) {
                String name = e.getKey();
                if (!validName(name)) {
                    dropped(reported, name, "is not a valid metric name");
                    continue;
                }
                if (builtIn.contains(name)) {
                    dropped(reported, name, "is the name of a built-in family");
                    continue;
                }
                List<Series> series = byName.computeIfAbsent(name, k -> new ArrayList<>());
                for (MetricVal v : e.getValue()) {
                    series.add(new Series(i, appLabels(v.labels(), policy), value(v)));
                }
            }
        }
        List<MetricFamilySamples> families = new ArrayList<>(byName.size());
        for (Map.Entry<String, List<Series>> e : byName.entrySet()) {
            families.add(family(e.getKey(), e.getValue(), base));
        }
        return families;
    }

    private static MetricFamilySamples family(String name, List<Series> series, BaseLabels base) {
        TreeSet<String> names = new TreeSet<>(Arrays.asList(base.names));
        for (Series s : series) {
            names.addAll(s.labels.keySet());
        }
        List<String> labelNames = List.copyOf(names);
        int[] baseIndex = new int[labelNames.size()];
        for (int k = 0; k < labelNames.size(); k++) {
            baseIndex[k] = Arrays.binarySearch(base.names, labelNames.get(k));
        }
        List<Sample> samples = new ArrayList<>(series.size());
        Set<List<String>> seen = new HashSet<>();
        for (Series s : series) {
            String[] values = new String[labelNames.size()];
            for (int k = 0; k < values.length; k++) {
                String app = s.labels.get(labelNames.get(k));
                values[k] = app != null ? app : baseIndex[k] >= 0 ? base.values[s.row][baseIndex[k]] : "";
            }
            List<String> labelValues = List.of(values);
            if (seen.add(labelValues)) {
                samples.add(new Sample(name, labelNames, labelValues, s.value));
            }
        }
        return new MetricFamilySamples(name, Collector.Type.GAUGE, HELP, samples);
    }

    /** {@code app_<label>} sanitised; of two raw labels that sanitise alike the smaller raw name wins. */
    private static Map<String, String> appLabels(Map<String, String> labels, LabelPolicy policy) {
        if (labels == null || labels.isEmpty()) {
            return Map.of();
        }
        Map<String, String> out = new TreeMap<>();
        for (Map.Entry<String, String> e : new TreeMap<>(labels).entrySet()) {
            out.putIfAbsent(LabelSanitizer.name(LABEL_PREFIX, e.getKey()),
                    LabelSanitizer.value(e.getValue(), policy.maxLabelValueLength()));
        }
        return out;
    }

    private static double value(MetricVal v) {
        return v.floatValue() == 0 && v.intValue() != 0 ? v.intValue() : v.floatValue();
    }

    /** Prometheus metric names: {@code [a-zA-Z_:][a-zA-Z0-9_:]*}. */
    static boolean validName(String name) {
        if (name == null || name.isEmpty() || name.length() > 1024) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':'
                    || (i > 0 && c >= '0' && c <= '9');
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static void dropped(Set<String> reported, String name, String why) {
        if (reported.size() < MAX_LOGGED && reported.add(name)) {
            Log.warnf("/metrics: application metric %s dropped: it %s", printable(name), why);
        }
    }

    /** The name with control characters escaped, so a hostile name cannot forge log lines. */
    private static String printable(String name) {
        StringBuilder b = new StringBuilder(Math.min(name.length(), 200) + 2).append('"');
        for (int i = 0; i < name.length() && i < 200; i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '"' || c == '\\') {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
