package io.jcadvisor.metrics;

import io.jcadvisor.config.MetricKind;
import io.jcadvisor.info.v1.ContainerReference;
import io.jcadvisor.manager.ContainerSnapshot;
import io.jcadvisor.manager.ContainerSource;
import io.jcadvisor.testing.SettableClock;
import io.prometheus.client.Collector;
import io.prometheus.client.Collector.MetricFamilySamples;
import io.prometheus.client.Collector.MetricFamilySamples.Sample;
import io.prometheus.client.exporter.common.TextFormat;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The direct byte writer against the client library's {@code TextFormat.write004}: the same text. */
class TextExpositionTest {

    private static final String ODD = "q\"uo\\te\nnew é 😀 \uD800 end";

    /** What the response carried before: the library's text through the agent's UTF-8 writer. */
    private static String library(Enumeration<MetricFamilySamples> families) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Utf8Writer out = new Utf8Writer(bytes, 1024);
        TextFormat.write004(out, families);
        out.flush();
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static String direct(MetricsScraper scraper, ContainerSource source, int buffer) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        scraper.write(out, source, ScrapeOptions.ALL, false, buffer);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void containerFamiliesWrittenAsBytesReadAsTheLibraryWritesThem() throws IOException {
        ContainerSnapshot model = new MetricsFixture().containers().stream()
                .filter(c -> c.spec() != null && c.latest() != null && !c.name().equals("/")).findFirst().orElseThrow();
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("app", ODD);
        labels.put("zz.last", "");
        labels.put("long", "long é 😀 \uD800 ".repeat(20));
        ContainerSnapshot odd = new ContainerSnapshot(ContainerReference.of("/docker/" + ODD), model.spec(), labels,
                model.latest());
        ContainerSource source = MetricsFixture.with(List.of(odd));
        MetricsScraper scraper = new MetricsScraper(EnumSet.allOf(MetricKind.class), LabelPolicy.DEFAULT,
                Clock.fixed(MetricsFixture.SCRAPE_TIME, ZoneOffset.UTC), MetricsGoldenTest.VERSION, null);

        String expected = library(scraper.scrape(source, ScrapeOptions.ALL));
        assertThat(expected).contains("container_label_app=\"q\\\"uo\\\\te\\nnew é 😀 ? end\"");
        // a buffer smaller than a row's labels exercises every flush path
        for (int buffer : new int[] {64 * 1024, 1024, 1}) {
            assertSameText(direct(scraper, source, buffer), expected);
        }
    }

    @Test
    void libraryFamiliesKeepTheirEscapesValuesAndDeferredSamples() throws IOException {
        List<MetricFamilySamples> families = List.of(
                new MetricFamilySamples("a_requests", Collector.Type.COUNTER, "help \\ with\nnewline é", List.of(
                        new Sample("a_requests_total", List.of("path", "x"), List.of(ODD, "1"), 3.0, 1234L),
                        new Sample("a_requests_created", List.of(), List.of(), 1.5e9),
                        new Sample("a_requests_total", List.of(), List.of(), Double.POSITIVE_INFINITY, -5L))),
                new MetricFamilySamples("b_gauge", Collector.Type.GAUGE, "", List.of(
                        new Sample("b_gauge", List.of(), List.of(), Double.NaN),
                        new Sample("b_gauge", List.of("l"), List.of(""), Double.NEGATIVE_INFINITY, Long.MIN_VALUE),
                        new Sample("b_gauge", List.of("l"), List.of("x"), -0.0, 0L))),
                new MetricFamilySamples("c_info", Collector.Type.INFO, "long help é 😀 \uD800 ".repeat(10), List.of(
                        new Sample("c_info", List.of("v"), List.of("long é 😀 \uD800 ".repeat(10)), 1),
                        new Sample("c_info", List.of("v"), List.of("w"), 12345678.0),
                        new Sample("c_info", List.of("v"), List.of("x"), 9999999.0),
                        new Sample("c_info", List.of("v"), List.of("y"), -42.0))),
                new MetricFamilySamples("d_untyped", Collector.Type.UNKNOWN, "u", List.of(
                        new Sample("d_untyped", List.of(), List.of(), 1e-7))));
        String expected = library(Collections.enumeration(families));

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TextExposition text = new TextExposition(out, 16);
        for (MetricFamilySamples f : families) {
            text.family(f);
        }
        text.finish();
        assertSameText(out.toString(StandardCharsets.UTF_8), expected);
    }

    @Test
    void numbersAtEveryDigitCountAsTheLibraryWritesThem() throws IOException {
        List<Sample> samples = new java.util.ArrayList<>();
        long[] edges = {0, 1, 9, 10, 99, 100, 999_999_999L, 1_000_000_000L, 1_000_000_001L, 4_294_967_295L,
            4_294_967_296L, 1_796_533_234_241L, 999_999_999_999_999_999L, 1_000_000_000_000_000_000L, Long.MAX_VALUE,
            -1, -10, -1_000_000_000L, -1_796_533_234_241L, Long.MIN_VALUE + 1, Long.MIN_VALUE};
        for (long edge : edges) {
            samples.add(new Sample("n", List.of(), List.of(), 1.0, edge));
        }
        for (double value : new double[] {0, 7, 10, 123_456, 9_999_999, 10_000_000, -9_999_999, 4.5, 2.7833962496E10}) {
            samples.add(new Sample("n", List.of(), List.of(), value));
        }
        List<MetricFamilySamples> families = List.of(new MetricFamilySamples("n", Collector.Type.GAUGE, "h", samples));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TextExposition text = new TextExposition(out, 16);
        text.family(families.get(0));
        text.finish();
        assertSameText(out.toString(StandardCharsets.UTF_8), library(Collections.enumeration(families)));
    }

    @Test
    void rememberedValuesAreExactOverCollisionsAndResponses() throws IOException {
        java.util.Random random = new java.util.Random(13);
        List<Sample> samples = new java.util.ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            // more distinct values than the table has slots, and each one twice
            double v = i % 2 == 0 ? random.nextDouble() * Math.pow(10, random.nextInt(30) - 10) : samples.get(i - 1).value;
            samples.add(new Sample("v", List.of(), List.of(), v));
        }
        List<MetricFamilySamples> families = List.of(new MetricFamilySamples("v", Collector.Type.GAUGE, "h", samples));
        String expected = library(Collections.enumeration(families));
        TextExposition.FormattedValues shared = new TextExposition.FormattedValues();
        for (int response = 0; response < 2; response++) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            TextExposition text = new TextExposition(out, 1024, shared);
            text.family(families.get(0));
            text.finish();
            assertSameText(out.toString(StandardCharsets.UTF_8), expected);
        }
    }

    @Test
    void labelsKeptFromTheLastScrapeFollowEveryChange() throws IOException {
        ContainerSnapshot model = new MetricsFixture().containers().stream()
                .filter(c -> c.spec() != null && c.latest() != null && !c.name().equals("/")).findFirst().orElseThrow();
        MetricsScraper scraper = new MetricsScraper(EnumSet.allOf(MetricKind.class), LabelPolicy.DEFAULT,
                Clock.fixed(MetricsFixture.SCRAPE_TIME, ZoneOffset.UTC), MetricsGoldenTest.VERSION, null);
        ContainerSnapshot a = new ContainerSnapshot(ContainerReference.of("/docker/a"), model.spec(),
                Map.of("app", "one"), model.latest());
        ContainerSnapshot b = new ContainerSnapshot(ContainerReference.of("/docker/b"), model.spec(),
                Map.of("app", "two"), model.latest());
        List<List<ContainerSnapshot>> scrapes = List.of(
                List.of(a, b),
                List.of(a, b), // the same: every row from the last scrape
                List.of(a, new ContainerSnapshot(b.reference(), b.spec(), Map.of("app", "t\"wo"), b.latest())),
                List.of(a, new ContainerSnapshot(b.reference(), b.spec(), Map.of("tier", "x"), b.latest())),
                List.of(b));
        for (List<ContainerSnapshot> rows : scrapes) {
            ContainerSource source = MetricsFixture.with(rows);
            String expected = library(scraper.scrape(source, ScrapeOptions.ALL));
            assertSameText(direct(scraper, source, 1024), expected);
        }
    }

    @Test
    void containerLinesFollowEverySampleSpecLabelAndClockChange() throws IOException {
        MetricsFixture fixture = new MetricsFixture();
        List<ContainerSnapshot> first = fixture.containers();
        fixture.tick();
        List<ContainerSnapshot> later = fixture.containers(); // new samples (CPU advanced), equal new specs
        ContainerSnapshot root = first.get(0);
        ContainerSnapshot docker = first.get(1);
        ContainerSnapshot raw = first.get(3);
        assertThat(later.get(1).spec()).isEqualTo(docker.spec()).isNotSameAs(docker.spec());
        assertThat(later.get(1).latest()).isNotEqualTo(docker.latest());
        SettableClock clock = new SettableClock(MetricsFixture.SCRAPE_TIME);
        MetricsScraper scraper = new MetricsScraper(EnumSet.allOf(MetricKind.class), LabelPolicy.DEFAULT, clock,
                MetricsGoldenTest.VERSION, null);
        List<List<ContainerSnapshot>> scrapes = List.of(
                first,
                first, // the same
                List.of(root, later.get(1), raw), // a new sample of one container
                // an equal spec read again, then another spec (other conditions, limits, start time)
                List.of(new ContainerSnapshot(root.reference(), later.get(0).spec(), root.labels(), root.latest()),
                        docker, raw),
                List.of(new ContainerSnapshot(root.reference(), raw.spec(), root.labels(), root.latest()), docker, raw),
                // other labels, the same sample and spec
                List.of(root, new ContainerSnapshot(docker.reference(), docker.spec(), Map.of("app", "x"),
                        docker.latest()), raw),
                List.of(root, raw), // one gone, then back
                List.of(root, docker, raw),
                later);
        for (int k = 0; k < scrapes.size(); k++) {
            long now = clock.advance(Duration.ofMillis(1500)).toEpochMilli(); // container_last_seen moves
            ContainerSource source = MetricsFixture.only(scrapes.get(k));
            String expected = library(scraper.scrape(source, ScrapeOptions.ALL));
            assertThat(expected).contains("container_last_seen{").contains(" " + now + "\n");
            assertSameText(direct(scraper, source, k % 2 == 0 ? 1024 : 16), expected);
        }
    }

    @Test
    void libraryFamiliesKeptFromTheLastResponseFollowEveryChange() throws IOException {
        Sample a = new Sample("g", List.of("area", "id"), List.of("heap", "eden"), 1.5);
        Sample b = new Sample("g", List.of("area", "id"), List.of("heap", "old"), 2.0, 77L);
        Sample c = new Sample("g", List.of(), List.of(), 3.0);
        List<List<MetricFamilySamples>> responses = List.of(
                List.of(new MetricFamilySamples("g", Collector.Type.GAUGE, "help", List.of(a, b, c))),
                // the same series, other values: every line start from the last response
                List.of(new MetricFamilySamples("g", Collector.Type.GAUGE, "help", List.of(
                        new Sample("g", a.labelNames, a.labelValues, 9.25), b, c))),
                // another label value, another label name, another sample name
                List.of(new MetricFamilySamples("g", Collector.Type.GAUGE, "help", List.of(
                        new Sample("g", List.of("area", "id"), List.of("heap", "e\"den"), 1.5),
                        new Sample("g", List.of("area", "idx"), List.of("heap", "old"), 2.0),
                        new Sample("g_x", List.of(), List.of(), 3.0)))),
                // the series in another order, one fewer, and a deferred sample among them
                List.of(new MetricFamilySamples("g", Collector.Type.GAUGE, "help", List.of(
                        c, new Sample("g_created", List.of(), List.of(), 1.0), a))),
                // another help text, another type, more samples than before
                List.of(new MetricFamilySamples("g", Collector.Type.COUNTER, "other \\ help", List.of(a, b, c, a))),
                List.of(new MetricFamilySamples("g", Collector.Type.COUNTER, "other \\ help", List.of(a, b, c, a)),
                        new MetricFamilySamples("h", Collector.Type.GAUGE, "new family é", List.of(
                                new Sample("h", List.of("v"), List.of(ODD), 4.0)))));
        Map<String, TextExposition.EncodedFamily> last = Map.of();
        for (List<MetricFamilySamples> families : responses) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            TextExposition text = new TextExposition(out, 16);
            Map<String, TextExposition.EncodedFamily> next = new java.util.HashMap<>();
            for (MetricFamilySamples f : families) {
                next.put(f.name, text.family(f, last.get(f.name)));
            }
            text.finish();
            assertSameText(out.toString(StandardCharsets.UTF_8), library(Collections.enumeration(families)));
            last = next;
        }
    }

    @Test
    void ownFamiliesKeptFromTheLastScrapeFollowEveryChange() throws IOException {
        List<List<MetricFamilySamples>> own = List.of(
                List.of(new MetricFamilySamples("jvm_x", Collector.Type.GAUGE, "x", List.of(
                        new Sample("jvm_x", List.of("id"), List.of("a"), 1.0)))),
                List.of(new MetricFamilySamples("jvm_x", Collector.Type.GAUGE, "x", List.of(
                        new Sample("jvm_x", List.of("id"), List.of("a"), 2.0)))),
                List.of(new MetricFamilySamples("jvm_x", Collector.Type.GAUGE, "x", List.of(
                        new Sample("jvm_x", List.of("id"), List.of("b"), 2.0),
                        new Sample("jvm_x", List.of("id"), List.of("a"), 3.0)))),
                List.of());
        java.util.concurrent.atomic.AtomicReference<List<MetricFamilySamples>> current =
                new java.util.concurrent.atomic.AtomicReference<>();
        MetricsScraper scraper = new MetricsScraper(EnumSet.allOf(MetricKind.class), LabelPolicy.DEFAULT,
                Clock.fixed(MetricsFixture.SCRAPE_TIME, ZoneOffset.UTC), MetricsGoldenTest.VERSION,
                () -> Collections.enumeration(current.get()));
        ContainerSource source = new MetricsFixture();
        for (List<MetricFamilySamples> families : own) {
            current.set(families);
            String expected = library(scraper.scrape(source, ScrapeOptions.ALL));
            if (!families.isEmpty()) {
                assertThat(expected).contains(families.get(0).samples.get(0).labelValues.get(0) + "\",} ");
            }
            assertSameText(direct(scraper, source, 1024), expected);
        }
    }

    /** Equal text; on a difference, says where it starts (the answers are long). */
    private static void assertSameText(String actual, String expected) {
        int at = 0;
        while (at < Math.min(actual.length(), expected.length()) && actual.charAt(at) == expected.charAt(at)) {
            at++;
        }
        int from = Math.max(0, at - 80);
        assertThat(actual.substring(from, Math.min(actual.length(), at + 80))).as("from char %d", from)
                .isEqualTo(expected.substring(from, Math.min(expected.length(), at + 80)));
        assertThat(actual).isEqualTo(expected);
    }
}
