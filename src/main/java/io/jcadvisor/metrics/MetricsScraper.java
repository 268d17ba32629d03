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
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.io.Writer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
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
    /** Per container family (same index): its {@code # HELP}/{@code # TYPE} lines and sample name. */
    private final byte[][] headers;
    private final byte[][] sampleNames;
    private final Set<MetricKind> enabled;
    private final LabelPolicy policy;
    private final Clock clock;
    private final Supplier<VersionLabels> version;
    private final Supplier<Enumeration<MetricFamilySamples>> ownMetrics;
    private final BaseLabels.Cache labelCache = new BaseLabels.Cache();
    /**
     * Each container's base labels as written by the last scrape, by container name: a later scrape copies
     * them while the label names and the container's values stay the same. Replaced whole by each scrape
     * (only its containers), so it holds at most one scrape's containers.
     */
    private volatile Map<String, EncodedRow> encodedRows = Map.of();
    /**
     * Extra label name → value → {@code name="value",} as the last scrape wrote them; replaced whole by each
     * scrape (only the values it wrote), like {@link #encodedRows}.
     */
    private volatile Map<String, Map<String, byte[]>> encodedExtras = Map.of();
    /** {@code Double.toString} bytes of recent fractional values, shared by all scrapes ({@link TextExposition}). */
    private final TextExposition.FormattedValues formattedValues = new TextExposition.FormattedValues();
    /**
     * The library families (the agent's own, machine, version, application) as the last scrape wrote them, by
     * name ({@link TextExposition.EncodedFamily}); replaced whole by each scrape (only the families it wrote),
     * like {@link #encodedRows}.
     */
    private volatile Map<String, TextExposition.EncodedFamily> encodedFamilies = Map.of();
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
        int n = families.size();
        this.headers = new byte[n][];
        this.sampleNames = new byte[n][];
        for (int i = 0; i < n; i++) {
            ContainerFamily f = families.get(i);
            headers[i] = TextExposition.headerBytes(f.libraryName(), f.type(), f.help());
            sampleNames[i] = f.name().getBytes(StandardCharsets.UTF_8);
        }
    }

    /** Names of the container families this scraper can write (for tests and docs). */
    public List<String> containerFamilyNames() {
        return families.stream().map(ContainerFamily::name).toList();
    }

    /** Container label names dropped over all scrapes because of {@code max-label-names}. */
    public long droppedLabelNames() {
        return labelCache.droppedTotal();
    }

    /**
     * Writes one scrape in text format 0.0.4, or OpenMetrics 1.0.0 when {@code openMetrics}, as text (for
     * tests and tools; the response uses {@link #write(OutputStream, ContainerSource, ScrapeOptions, boolean, int)}).
     */
    public void write(Writer writer, ContainerSource source, ScrapeOptions options, boolean openMetrics)
            throws IOException {
        if (openMetrics) {
            TextFormat.writeOpenMetrics100(writer, scrape(source, options));
            return;
        }
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        writeText(bytes, source, options, 64 * 1024);
        writer.write(bytes.toString(StandardCharsets.UTF_8));
    }

    /**
     * Writes one scrape as UTF-8 to {@code out}: text format 0.0.4 straight as bytes
     * ({@link TextExposition}), or OpenMetrics 1.0.0 through the client library when {@code openMetrics}.
     * Families are built and written one at a time, so nothing holds the whole answer.
     */
    public void write(OutputStream out, ContainerSource source, ScrapeOptions options, boolean openMetrics,
            int bufferSize) throws IOException {
        if (openMetrics) {
            Writer writer = new Utf8Writer(out, bufferSize);
            TextFormat.writeOpenMetrics100(writer, scrape(source, options));
            writer.flush();
            return;
        }
        writeText(out, source, options, bufferSize);
    }

    private void writeText(OutputStream out, ContainerSource source, ScrapeOptions options, int bufferSize)
            throws IOException {
        Prepared prepared = prepare(source, options);
        TextExposition text = new TextExposition(out, bufferSize, formattedValues);
        Map<String, TextExposition.EncodedFamily> lastFamilies = encodedFamilies;
        Map<String, TextExposition.EncodedFamily> nextFamilies = new HashMap<>(lastFamilies.size() * 2 + 16);
        try {
            for (Entry e : prepared.entries) {
                if (e.container >= 0) {
                    prepared.scrape.write(e.container, text);
                    continue;
                }
                MetricFamilySamples f = e.family.get();
                if (f != null && !f.samples.isEmpty()) {
                    nextFamilies.put(f.name, text.family(f, lastFamilies.get(f.name)));
                }
            }
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
        text.finish();
        encodedFamilies = nextFamilies;
        if (prepared.scrape != null && prepared.scrape.labelBytes != null) {
            encodedExtras = prepared.scrape.extraValues;
        }
    }

    /** The families of one scrape, lazily built in name order. */
    public Enumeration<MetricFamilySamples> scrape(ContainerSource source, ScrapeOptions options) {
        return new Families(prepare(source, options).entries);
    }

    /** A scrape's families in written order, and the container rows they are built from (null: none). */
    private record Prepared(List<Entry> entries, ContainerScrape scrape) {
    }

    private Prepared prepare(ContainerSource source, ScrapeOptions options) {
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
            for (int i = 0; i < families.size(); i++) {
                ContainerFamily f = families.get(i);
                ContainerScrape rowsScrape = scrape;
                entries.add(new Entry(f.name(), () -> rowsScrape.build(f), i));
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
        return new Prepared(entries, scrape);
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

    /**
     * A family by its written name, built when its turn comes; {@code container} is the index of a
     * container family (written straight as bytes by {@link #write(OutputStream, ContainerSource,
     * ScrapeOptions, boolean, int)}), or -1.
     */
    private record Entry(String name, Supplier<MetricFamilySamples> family, int container) {
        Entry(String name, Supplier<MetricFamilySamples> family) {
            this(name, family, -1);
        }
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

        /**
         * Extra label name → value → {@code name="value",}: the values of extra labels repeat over containers,
         * families and scrapes (devices, interfaces, task states, CPUs), so each is encoded once, or taken from
         * the last scrape's ({@link #previousExtras}); published as {@link #encodedExtras} when written.
         */
        private final Map<String, Map<String, byte[]>> extraValues = new HashMap<>();
        private final Map<String, Map<String, byte[]>> previousExtras = encodedExtras;
        /** Per row: its base labels pre-encoded ({@code name="value",} each) and where each label starts. */
        private byte[][] labelBytes;
        private int[][] labelStarts;
        /** Line ends: {@code " <ms>\n"} with the row's stats time, with the scrape time. */
        private byte[][] statsEnds;
        private byte[] scrapeEnd;

        /** Writes container family {@code index} straight as bytes; nothing when no row has a value. */
        void write(int index, TextExposition text) {
            if (labelBytes == null) {
                encodeLabels();
            }
            ContainerFamily f = families.get(index);
            LabelLayout layout = f.extraLabels().isEmpty() ? plainLayout : LabelLayout.of(labels.names, f.extraLabels());
            List<String> extras = f.extraLabels();
            @SuppressWarnings("unchecked")
            Map<String, byte[]>[] encoded = new Map[extras.size() * 2];
            for (int j = 0; j < extras.size(); j++) {
                encoded[2 * j] = extraValues.computeIfAbsent(extras.get(j), k -> new HashMap<>());
                encoded[2 * j + 1] = previousExtras.getOrDefault(extras.get(j), Map.of());
            }
            DirectSink sink = new DirectSink(text, headers[index], sampleNames[index], extras, encoded,
                    runs(layout.order), scrapeSecond);
            for (int i = 0; i < rows.size(); i++) {
                ContainerSnapshot c = rows.get(i);
                ContainerSpec spec = c.spec();
                if (f.condition() != null && (spec == null || !f.condition().test(spec))) {
                    continue;
                }
                if (f.stamp() == ContainerFamily.Stamp.NONE && spec == null) {
                    continue;
                }
                sink.row(labelBytes[i], labelStarts[i], switch (f.stamp()) {
                    case STATS -> statsEnds[i];
                    case SCRAPE -> scrapeEnd;
                    case NONE -> NO_STAMP_END;
                });
                f.values().collect(c, c.latest(), sink);
            }
        }

        private void encodeLabels() {
            labelBytes = new byte[rows.size()][];
            labelStarts = new int[rows.size()][];
            statsEnds = new byte[rows.size()][];
            scrapeEnd = stampEnd(scrapeMs);
            Map<String, EncodedRow> previous = encodedRows;
            Map<String, EncodedRow> next = new HashMap<>(rows.size() * 2);
            java.io.ByteArrayOutputStream row = null;
            TextExposition encoder = null;
            try {
                for (int i = 0; i < rows.size(); i++) {
                    String key = rows.get(i).name();
                    EncodedRow e = previous.get(key);
                    if (e == null || !Arrays.equals(e.names, labels.names) || !Arrays.equals(e.values, labels.values[i])) {
                        if (row == null) {
                            row = new java.io.ByteArrayOutputStream(1024);
                            encoder = new TextExposition(row, 1024);
                        }
                        row.reset();
                        int[] starts = new int[labels.names.length + 1];
                        for (int k = 0; k < labels.names.length; k++) {
                            starts[k] = row.size();
                            encoder.label(labels.names[k], labels.values[i][k]);
                            encoder.flush();
                        }
                        starts[labels.names.length] = row.size();
                        e = new EncodedRow(labels.names, labels.values[i], row.toByteArray(), starts);
                    }
                    next.put(key, e);
                    labelBytes[i] = e.bytes;
                    labelStarts[i] = e.starts;
                    statsEnds[i] = stampEnd(statsMs[i]);
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e); // a ByteArrayOutputStream does not throw
            }
            encodedRows = next;
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

    /** One container's base labels ({@code name="value",} each) and where each label starts in them. */
    private record EncodedRow(String[] names, String[] values, byte[] bytes, int[] starts) {
    }

    private static final byte[] NO_STAMP_END = {'\n'};

    /** The end of a sample line: the timestamp, as the library writes it ({@code Long.toString}), and newline. */
    private static byte[] stampEnd(Long ms) {
        return ms == null ? NO_STAMP_END : (" " + ms + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * A family's label order as runs: {@code from, to} (both {@code >= 0}) copies base labels
     * {@code [from, to)} of the row, a negative {@code -1 - j} writes extra label {@code j}.
     */
    private static int[] runs(int[] order) {
        int[] runs = new int[order.length * 2];
        int n = 0;
        for (int k = 0; k < order.length; k++) {
            if (order[k] < 0) {
                runs[n++] = order[k];
                continue;
            }
            int from = order[k];
            while (k + 1 < order.length && order[k + 1] == order[k] + 1) {
                k++;
            }
            runs[n++] = from;
            runs[n++] = order[k] + 1;
        }
        return java.util.Arrays.copyOf(runs, n);
    }

    /**
     * Writes extracted values of the current row straight into the exposition, in the library's text:
     * the family's header before its first sample, then {@code name{labels,} value [ms]}.
     */
    private static final class DirectSink implements SampleSink {
        private final TextExposition text;
        private final byte[] header;
        private final byte[] name;
        private final List<String> extraNames;
        /** Per extra label {@code j}: at {@code 2j} this scrape's encoded values, at {@code 2j + 1} the last scrape's. */
        private final Map<String, byte[]>[] encodedExtras;
        private final int[] runs;
        private final long scrapeSecond;
        private boolean started;
        private byte[] labels;
        private int[] starts;
        private byte[] end;

        DirectSink(TextExposition text, byte[] header, byte[] name, List<String> extraNames,
                Map<String, byte[]>[] encodedExtras, int[] runs, long scrapeSecond) {
            this.text = text;
            this.header = header;
            this.name = name;
            this.extraNames = extraNames;
            this.encodedExtras = encodedExtras;
            this.runs = runs;
            this.scrapeSecond = scrapeSecond;
        }

        void row(byte[] labels, int[] starts, byte[] end) {
            this.labels = labels;
            this.starts = starts;
            this.end = end;
        }

        @Override
        public long scrapeEpochSecond() {
            return scrapeSecond;
        }

        @Override
        public void add(double value) {
            sample(value, null, null);
        }

        @Override
        public void add(double value, String extra) {
            sample(value, extra, null);
        }

        @Override
        public void add(double value, String[] extras) {
            sample(value, null, extras);
        }

        private void sample(double value, String single, String[] extras) {
            try {
                if (!started) {
                    text.bytes(header);
                    started = true;
                }
                text.bytes(name);
                if (runs.length > 0) {
                    text.ascii('{');
                    for (int k = 0; k < runs.length; k++) {
                        int run = runs[k];
                        if (run >= 0) {
                            int to = runs[++k];
                            text.bytes(labels, starts[run], starts[to] - starts[run]);
                        } else {
                            int j = -1 - run;
                            String extra = extras == null ? single : extras[j];
                            byte[] encoded = encodedExtras[2 * j].get(extra);
                            if (encoded == null) {
                                encoded = encodedExtras[2 * j + 1].get(extra);
                                if (encoded == null) {
                                    encoded = TextExposition.labelBytes(extraNames.get(j), extra);
                                }
                                encodedExtras[2 * j].put(extra, encoded);
                            }
                            text.bytes(encoded);
                        }
                    }
                    text.ascii('}');
                }
                text.ascii(' ');
                text.value(value);
                text.bytes(end);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
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
