package io.jcadvisor.metrics;

import io.jcadvisor.config.MetricKind;
import io.jcadvisor.info.v1.ContainerSpec;
import io.jcadvisor.info.v1.ContainerStats;
import io.jcadvisor.manager.ContainerSnapshot;
import io.prometheus.client.Collector;

import java.util.List;
import java.util.function.Predicate;

/**
 * One row of the container metric table (upstream {@code containerMetric}): a family written with
 * the base labels plus {@code extraLabels}, for each exported container whose spec passes
 * {@code condition}.
 *
 * @param name        family name as upstream spells it
 * @param help        upstream help text, verbatim
 * @param counter     upstream value type is counter (else gauge)
 * @param extraLabels label names after the base labels, in the order values are passed
 * @param kind        metric group that gates the family, or null for always-on families
 * @param alsoKind    second group that must also be on (io pressure needs {@code diskIO}), or null
 * @param stamp       which timestamp the samples carry
 * @param condition   spec condition (upstream {@code condition}, e.g. CFS families only with a quota)
 * @param values      writes the family's values of one container
 */
record ContainerFamily(String name, String help, boolean counter, List<String> extraLabels, MetricKind kind,
        MetricKind alsoKind, Stamp stamp, Predicate<ContainerSpec> condition, Values values) {

    /** Timestamp carried by a family's samples (docs/metrics.md §4). */
    enum Stamp {
        /** The stats sample's timestamp. */
        STATS,
        /** Scrape time ({@code container_last_seen}). */
        SCRAPE,
        /** None: spec-derived families. */
        NONE
    }

    /** Extracts the values of one container; {@code stats} is never null. */
    @FunctionalInterface
    interface Values {
        void collect(ContainerSnapshot container, ContainerStats stats, SampleSink out);
    }

    /**
     * The exposition type. The simpleclient text writers append {@code _total} to the metadata lines
     * of every counter, so a counter whose name does not end in {@code _total} (upstream's two
     * {@code *_failcnt}) would get HELP/TYPE lines naming another metric; those are written untyped.
     */
    Collector.Type type() {
        if (!counter) {
            return Collector.Type.GAUGE;
        }
        return name.endsWith("_total") ? Collector.Type.COUNTER : Collector.Type.UNKNOWN;
    }

    /** Family name as the library wants it: counters without the {@code _total} it appends. */
    String libraryName() {
        return type() == Collector.Type.COUNTER ? name.substring(0, name.length() - "_total".length()) : name;
    }
}
