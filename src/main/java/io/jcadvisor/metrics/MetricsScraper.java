package io.jcadvisor.metrics;

import io.jcadvisor.config.MetricKind;
import io.jcadvisor.info.v1.ContainerSpec;
import io.jcadvisor.info.v1.ContainerStats;
import io.jcadvisor.info.v1.MachineInfo;
import io.jcadvisor.manager.ContainerSnapshot;
import io.jcadvisor.manager.ContainerSource;
import io.prometheus.client.Collector;
import io.prometheus.client.Collector.MetricFamilySamples;
import io.prometheus.client.Collector.MetricFamilySamples.Sample;
import io.prometheus.client.exporter.common.TextFormat;
import io.quarkus.logging.Log;

import java.io.IOException;
import java.io.Writer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Builds one scrape of {@code /metrics} at request time: container families from the
 * {@link ContainerMetrics} table (only the enabled groups' rows are ever looked at), the
 * {@code machine_*} families, {@code cadvisor_version_info}, the two scrape-error gauges and the
 * agent's own JVM/process families. Families are produced one at a time, sorted by name, and
 * written by the Prometheus client library's text writers; a family without series is not written.
 */
public final class MetricsScraper {

    private final List<ContainerFamily> families;
    private final Set<MetricKind> enabled;
    private final LabelPolicy policy;
    private final Clock clock;
    private final Supplier<VersionLabels> version;
    private final Supplier<Enumeration<MetricFamilySamples>> ownMetrics;
    private final BaseLabels.Cache labelCache = new BaseLabels.Cache();
    /** Application family names already reported as dropped, so each is logged once. */
    private final Set<String> droppedAppNames = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * @param enabled    metric groups in force
     * @param ownMetrics the agent's own families (Micrometer's registry), or null for none
     */
    public MetricsScraper(Set<MetricKind> enabled, LabelPolicy policy, Clock clock, VersionLabels version,
            Supplier<Enumeration<MetricFamilySamples>> ownMetrics) {
        this(enabled, policy, clock, () -> version, ownMetrics);
    }

    /**
     * @param version    read at every scrape: the Docker daemon can be upgraded or come and go
     */
    public MetricsScraper(Set<MetricKind> enabled, LabelPolicy policy, Clock clock, Supplier<VersionLabels> version,
            Supplier<Enumeration<MetricFamilySamples>> ownMetrics) {
        this.enabled = Set.copyOf(enabled);
        this.policy = policy;
        this.clock = clock;
        this.version = version;
        this.ownMetrics = ownMetrics;
        // The gate is applied once here, so a disabled group costs nothing per scrape.
        this.families = ContainerMetrics.all(enabled.contains(MetricKind.PERCPU)).stream()
                .filter(f -> f.kind() == null || enabled.contains(f.kind()))
                .filter(f -> f.alsoKind() == null || enabled.contains(f.alsoKind()))
                .sorted(Comparator.comparing(ContainerFamily::name))
                .toList();
    }

    /** Names of the container families this scraper can write (for tests and docs). */
    public List<String> containerFamilyNames() {
        return families.stream().map(ContainerFamily::name).toList();
    }

    /** Container label names dropped over all scrapes because of {@code max-label-names}. */
    public long droppedLabelNames() {
        return labelCache.droppedTotal();
    }

    /** Writes one scrape in text format 0.0.4, or OpenMetrics 1.0.0 when {@code openMetrics}. */
    public void write(Writer writer, ContainerSource source, ScrapeOptions options, boolean openMetrics)
            throws IOException {
        Enumeration<MetricFamilySamples> all = scrape(source, options);
        if (openMetrics) {
            TextFormat.writeOpenMetrics100(writer, all);
        } else {
            TextFormat.write004(writer, all);
        }
    }

    /** The families of one scrape, lazily built in name order. */
    public Enumeration<MetricFamilySamples> scrape(ContainerSource source, ScrapeOptions options) {
        long scrapeMs = clock.millis();
        List<Entry> entries = new ArrayList<>(families.size() + 64);

        boolean containerError = false;
        List<ContainerSnapshot> rows = List.of();
        try {
            rows = select(source.containers(), options);
            if (options.maxAge() != null) {
                source.refreshOlderThan(rows.stream().map(ContainerSnapshot::name).toList(), options.maxAge());
                rows = select(source.containers(), options);
            }
        } catch (RuntimeException e) {
            containerError = true;
            rows = List.of();
            Log.warnf("/metrics: could not list containers: %s", e.toString());
        }
        ContainerScrape scrape = null;
        if (!rows.isEmpty()) {
            scrape = new ContainerScrape(rows, scrapeMs);
            for (ContainerFamily f : families) {
                ContainerScrape rowsScrape = scrape;
                entries.add(new Entry(f.name(), () -> rowsScrape.build(f)));
            }
        }
        entries.add(fixed(gauge("container_scrape_error",
                "1 if there was an error while getting container metrics, 0 otherwise", containerError ? 1 : 0)));

        boolean machineError = false;
        try {
            MachineInfo machine = Objects.requireNonNull(source.machineInfo(), "no machine info yet");
            for (MetricFamilySamples m : MachineMetrics.collect(machine, enabled)) {
                entries.add(fixed(m));
            }
        } catch (RuntimeException e) {
            machineError = true;
            Log.warnf("/metrics: could not get machine info: %s", e.toString());
        }
        entries.add(fixed(gauge("machine_scrape_error",
                "1 if there was an error while getting machine metrics, 0 otherwise.", machineError ? 1 : 0)));
        entries.add(fixed(version.get().family()));

        if (ownMetrics != null) {
            Set<String> ours = new HashSet<>();
            for (Entry e : entries) {
                ours.add(e.name);
            }
            Enumeration<MetricFamilySamples> own = ownMetrics.get();
            while (own.hasMoreElements()) {
                MetricFamilySamples m = own.nextElement();
                String written = m.type == Collector.Type.COUNTER ? m.name + "_total" : m.name;
                if (!ours.contains(written)) {
                    entries.add(new Entry(written, () -> m));
                }
            }
        }
        if (scrape != null && enabled.contains(MetricKind.APP)) {
            entries.addAll(AppFamilies.entries(scrape.rows, scrape.labels, policy, entries.stream()
                    .map(Entry::name).toList(), droppedAppNames).stream()
                    .map(f -> new Entry(f.name, () -> f)).toList());
        }
        entries.sort(Comparator.comparing(e -> e.name));
        return new Families(entries);
    }

    private static List<ContainerSnapshot> select(List<ContainerSnapshot> all, ScrapeOptions options) {
        List<ContainerSnapshot> rows = new ArrayList<>(all.size());
        for (ContainerSnapshot c : all) {
            // Upstream leaves out a container without a cached sample entirely, spec families too.
            if (c == null || c.latest() == null || c.reference() == null) {
                continue;
            }
            if (options.namespace() != null && !options.namespace().equals(c.reference().namespace())) {
                continue;
            }
            rows.add(c);
        }
        return rows;
    }

    private static Entry fixed(MetricFamilySamples family) {
        return new Entry(family.type == Collector.Type.COUNTER ? family.name + "_total" : family.name, () -> family);
    }

    private static MetricFamilySamples gauge(String name, String help, double value) {
        return new MetricFamilySamples(name, Collector.Type.GAUGE, help,
                List.of(new Sample(name, List.of(), List.of(), value)));
    }

    /** A family by its written name, built when its turn comes. */
    private record Entry(String name, Supplier<MetricFamilySamples> family) {
    }

    /** Enumerates entries in order, building each family on demand and skipping empty ones. */
    private static final class Families implements Enumeration<MetricFamilySamples> {
        private final List<Entry> entries;
        private int next;
        private MetricFamilySamples ready;

        Families(List<Entry> entries) {
            this.entries = entries;
        }

        @Override
        public boolean hasMoreElements() {
            while (ready == null && next < entries.size()) {
                MetricFamilySamples f = entries.get(next++).family.get();
                if (f != null && !f.samples.isEmpty()) {
                    ready = f;
                }
            }
            return ready != null;
        }

        @Override
        public MetricFamilySamples nextElement() {
            if (!hasMoreElements()) {
                throw new NoSuchElementException();
            }
            MetricFamilySamples f = ready;
            ready = null;
            return f;
        }
    }

    /** The per-scrape state of the container families: rows, their base labels and timestamps. */
    private final class ContainerScrape {
        private final List<ContainerSnapshot> rows;
        private final BaseLabels labels;
        private final Long[] statsMs;
        private final Long scrapeMs;
        private final long scrapeSecond;
        /** Label values of families without extra labels: one shared view per row. */
        private final LabelValues[] plain;
        private final LabelLayout plainLayout;

        ContainerScrape(List<ContainerSnapshot> rows, long scrapeMs) {
            this.rows = rows;
            this.labels = BaseLabels.of(rows, policy, labelCache);
            this.scrapeMs = scrapeMs;
            this.scrapeSecond = Math.floorDiv(scrapeMs, 1000);
            this.statsMs = new Long[rows.size()];
            this.plainLayout = LabelLayout.of(labels.names, List.of());
            this.plain = new LabelValues[rows.size()];
            for (int i = 0; i < rows.size(); i++) {
                ContainerStats s = rows.get(i).latest();
                statsMs[i] = s.timestamp() == null ? null : s.timestamp().toEpochMilli();
                plain[i] = new LabelValues(plainLayout.order, labels.values[i], null, null);
            }
        }

        MetricFamilySamples build(ContainerFamily f) {
            LabelLayout layout = f.extraLabels().isEmpty() ? plainLayout : LabelLayout.of(labels.names, f.extraLabels());
            Sink sink = new Sink(f.name(), layout, scrapeSecond, new ArrayList<>(rows.size()));
            for (int i = 0; i < rows.size(); i++) {
                ContainerSnapshot c = rows.get(i);
                ContainerSpec spec = c.spec();
                if (f.condition() != null && (spec == null || !f.condition().test(spec))) {
                    continue;
                }
                if (f.stamp() == ContainerFamily.Stamp.NONE && spec == null) {
                    continue;
                }
                sink.row(labels.values[i], plain[i], switch (f.stamp()) {
                    case STATS -> statsMs[i];
                    case SCRAPE -> scrapeMs;
                    case NONE -> null;
                });
                f.values().collect(c, c.latest(), sink);
            }
            return new MetricFamilySamples(f.libraryName(), f.type(), f.help(), sink.samples);
        }
    }

    /** Turns extracted values into library samples for the current row. */
    private static final class Sink implements SampleSink {
        private final String name;
        private final LabelLayout layout;
        private final long scrapeSecond;
        final List<Sample> samples;
        private String[] base;
        private LabelValues plain;
        private Long ts;

        Sink(String name, LabelLayout layout, long scrapeSecond, List<Sample> samples) {
            this.name = name;
            this.layout = layout;
            this.scrapeSecond = scrapeSecond;
            this.samples = samples;
        }

        void row(String[] base, LabelValues plain, Long ts) {
            this.base = base;
            this.plain = plain;
            this.ts = ts;
        }

        @Override
        public long scrapeEpochSecond() {
            return scrapeSecond;
        }

        @Override
        public void add(double value) {
            samples.add(new Sample(name, layout.names, plain, value, ts));
        }

        @Override
        public void add(double value, String extra) {
            samples.add(new Sample(name, layout.names, new LabelValues(layout.order, base, extra, null), value, ts));
        }

        @Override
        public void add(double value, String[] extras) {
            samples.add(new Sample(name, layout.names, new LabelValues(layout.order, base, null, extras), value, ts));
        }
    }
}
