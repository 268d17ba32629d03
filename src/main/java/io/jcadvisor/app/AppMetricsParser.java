package io.jcadvisor.app;

import io.jcadvisor.info.v1.MetricSpec;
import io.jcadvisor.info.v1.MetricVal;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;

/**
 * Turns what a collector fetched into {@code custom_metrics} values and {@code MetricSpec}s, pure
 * (upstream {@code prometheus_collector.go} / {@code generic_collector.go}), and builds the URL a
 * collector scrapes.
 */
public final class AppMetricsParser {

    /**
     * Separator of the legacy {@code label} string. Upstream joins {@code name=value} pairs with the
     * byte 0xFF, which Go's JSON writer prints as U+FFFD; the character is used directly so the
     * JSON is the same.
     */
    static final String LABEL_SEPARATOR = "\uFFFD";

    /** Time one regex may spend on a page: a workload's regex must not hold the scrape thread (backtracking). */
    static final long REGEX_BUDGET_NANOS = 200_000_000L;

    private AppMetricsParser() {
    }

    /** Values by metric name and the spec of what was seen; either may be empty. */
    public record Result(Map<String, List<MetricVal>> values, List<MetricSpec> specs) {
        static final Result EMPTY = new Result(Map.of(), List.of());
    }

    /**
     * Values of a Prometheus scrape: one float value per sample, keyed by the sample's own name (so a
     * histogram gives {@code x_bucket}, {@code x_sum}, {@code x_count}); the timestamp is the line's own
     * or {@code now}. Specs are per family: counter → {@code cumulative}, gauge → {@code gauge}, others
     * upper case ({@code HISTOGRAM}, {@code SUMMARY}, {@code UNTYPED}) as upstream; format {@code float}.
     *
     * @param keep family or sample names to keep (a family name keeps all its samples); empty = all
     */
    public static Result prometheus(List<PrometheusTextParser.Family> families, Set<String> keep, Instant now) {
        Map<String, List<MetricVal>> values = new LinkedHashMap<>();
        List<MetricSpec> specs = new ArrayList<>();
        for (PrometheusTextParser.Family f : families) {
            boolean whole = keep.isEmpty() || keep.contains(f.name());
            boolean any = whole;
            for (PrometheusTextParser.Sample s : f.samples()) {
                if (!whole && !keep.contains(s.name())) {
                    continue;
                }
                any = true;
                Instant ts = s.timestampMs().isPresent() ? Instant.ofEpochMilli(s.timestampMs().getAsLong()) : now;
                values.computeIfAbsent(s.name(), k -> new ArrayList<>())
                        .add(new MetricVal(legacyLabel(s.name(), s.labels()), s.labels(), ts, 0, s.value()));
            }
            if (any) {
                specs.add(new MetricSpec(f.name(), specType(f.type()), "float", ""));
            }
        }
        return new Result(values, List.copyOf(specs));
    }

    private static String specType(String type) {
        return switch (type) {
            case "counter" -> "cumulative";
            case "gauge" -> "gauge";
            default -> type.toUpperCase(Locale.ROOT);
        };
    }

    /** Upstream's single {@code label}: every label including {@code __name__}, sorted, {@code k=v} joined. */
    static String legacyLabel(String name, Map<String, String> labels) {
        Map<String, String> sorted = new TreeMap<>(labels);
        sorted.put("__name__", name);
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, String> e : sorted.entrySet()) {
            if (!b.isEmpty()) {
                b.append(LABEL_SEPARATOR);
            }
            b.append(e.getKey()).append('=').append(e.getValue());
        }
        return b.toString();
    }

    /**
     * Values of a generic collector: for each metric, the first match of its regex in the body, group
     * 1 trimmed and read as {@code int} or {@code float}. A metric without a match or with an
     * unreadable number has no value (upstream stores 0 for the latter; an absent value is honest).
     *
     * @param problems receives one line per metric without a value
     */
    public static Map<String, List<MetricVal>> regex(String body, List<CollectorConfig.MetricConfig> metrics,
            Instant now, List<String> problems) {
        Map<String, List<MetricVal>> values = new LinkedHashMap<>();
        for (CollectorConfig.MetricConfig m : metrics) {
            Matcher matcher = m.regex().matcher(new Deadline(body, System.nanoTime() + REGEX_BUDGET_NANOS));
            boolean found;
            try {
                found = matcher.find();
            } catch (Deadline.Exceeded e) {
                problems.add("regexp " + m.regex().pattern() + " for metric '" + m.name() + "' took too long");
                continue;
            }
            if (!found || matcher.group(1) == null) {
                problems.add("no match found for regexp: " + m.regex().pattern() + " for metric '" + m.name() + "'");
                continue;
            }
            String text = matcher.group(1).strip();
            try {
                MetricVal v = m.dataType().equals("float")
                        ? new MetricVal(null, null, now, 0, Double.parseDouble(goFloat(text)))
                        : new MetricVal(null, null, now, Long.parseLong(text), 0);
                values.put(m.name(), List.of(v));
            } catch (NumberFormatException e) {
                problems.add("metric '" + m.name() + "': \"" + text + "\" is not " + m.dataType());
            }
        }
        return values;
    }

    private static String goFloat(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 'd' || c == 'D' || c == 'f' || c == 'F' || c == 'x' || c == 'X') {
                throw new NumberFormatException(text);
            }
        }
        return text;
    }

    /** Specs of a generic collector: straight from its config. */
    public static List<MetricSpec> specs(List<CollectorConfig.MetricConfig> metrics) {
        List<MetricSpec> specs = new ArrayList<>(metrics.size());
        for (CollectorConfig.MetricConfig m : metrics) {
            specs.add(new MetricSpec(m.name(), m.metricType(), m.dataType(), m.units()));
        }
        return List.copyOf(specs);
    }

    /**
     * At most {@code limit} values in total, kept in order (metric by metric); the rest is cut.
     *
     * @return the same map when it fits
     */
    public static Map<String, List<MetricVal>> limit(Map<String, List<MetricVal>> values, int limit) {
        int total = count(values);
        if (total <= limit) {
            return values;
        }
        Map<String, List<MetricVal>> out = new LinkedHashMap<>();
        int left = Math.max(limit, 0);
        for (Map.Entry<String, List<MetricVal>> e : values.entrySet()) {
            if (left == 0) {
                break;
            }
            List<MetricVal> list = e.getValue();
            List<MetricVal> kept = list.size() <= left ? list : List.copyOf(list.subList(0, left));
            out.put(e.getKey(), kept);
            left -= kept.size();
        }
        return Collections.unmodifiableMap(out);
    }

    /** Number of values over all metrics. */
    public static int count(Map<String, List<MetricVal>> values) {
        int total = 0;
        for (List<MetricVal> list : values.values()) {
            total += list.size();
        }
        return total;
    }

    /**
     * The URL a collector scrapes. The parts form is built on the container's IP, as upstream. A
     * full URL may only name the container itself: {@code localhost}, {@code 127.0.0.1} and
     * {@code ::1} are replaced by the container's IP and any other host but that IP is refused, so a
     * workload's config cannot turn the agent into a fetcher of other hosts (upstream's documented
     * rule).
     *
     * @param ip the container's IP address; empty when it has none
     * @throws IllegalArgumentException naming the problem
     */
    public static URI endpoint(CollectorConfig.Endpoint endpoint, String ip) {
        if (ip == null || ip.isEmpty()) {
            throw new IllegalArgumentException("the container has no IP address to scrape");
        }
        String host = ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip;
        try {
            if (endpoint.url() == null) {
                return new URI(endpoint.protocol() + "://" + host + ":" + endpoint.port() + endpoint.path());
            }
            URI given = new URI(endpoint.url());
            String scheme = given.getScheme() == null ? "" : given.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw new IllegalArgumentException("endpoint " + endpoint.url() + " is not http or https");
            }
            String h = given.getHost() == null ? "" : given.getHost();
            String bare = h.startsWith("[") ? h.substring(1, h.length() - 1) : h;
            boolean local = bare.equalsIgnoreCase("localhost") || bare.equals("127.0.0.1") || bare.equals("::1");
            if (!local && !bare.equals(ip)) {
                throw new IllegalArgumentException("endpoint host " + h + " is not the container");
            }
            return new URI(scheme, given.getRawUserInfo() == null ? null : given.getUserInfo(), ip, given.getPort(),
                    given.getPath(), given.getQuery(), null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("endpoint is not a URL: " + e.getMessage());
        }
    }

    /** The page for a regex, failing once the budget is spent (Java's regex engine cannot be interrupted). */
    private static final class Deadline implements CharSequence {
        private final CharSequence text;
        private final long deadline;
        private int reads;

        Deadline(CharSequence text, long deadline) {
            this.text = text;
            this.deadline = deadline;
        }

        @Override
        public char charAt(int index) {
            if ((++reads & 0x3ff) == 0 && System.nanoTime() > deadline) {
                throw new Exceeded();
            }
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new Deadline(text.subSequence(start, end), deadline);
        }

        @Override
        public String toString() {
            return text.toString();
        }

        static final class Exceeded extends RuntimeException {
            Exceeded() {
                super("regex time budget exceeded", null, false, false);
            }
        }
    }
}
