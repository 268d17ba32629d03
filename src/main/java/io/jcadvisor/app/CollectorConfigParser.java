package io.jcadvisor.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jcadvisor.config.GoDuration;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads collector declarations, pure: which container labels name a collector, and what a config
 * file says (upstream {@code collector/config.go}, {@code docs/application_metrics.md}).
 */
public final class CollectorConfigParser {

    /** Container label prefix that declares a collector. */
    public static final String LABEL_PREFIX = "io.cadvisor.metric.";
    /** Upstream's lower bound on {@code polling_frequency}. */
    public static final Duration MIN_POLLING = Duration.ofSeconds(1);
    /** Config files larger than this are not configs. */
    public static final int MAX_CONFIG_BYTES = 64 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper();

    private CollectorConfigParser() {
    }

    /** Collector name → config path, from labels {@code io.cadvisor.metric.<name>=<path>}, sorted by name. */
    public static Map<String, String> declared(Map<String, String> labels) {
        Map<String, String> out = new TreeMap<>();
        for (Map.Entry<String, String> e : labels.entrySet()) {
            if (e.getKey().startsWith(LABEL_PREFIX) && e.getKey().length() > LABEL_PREFIX.length()) {
                out.put(e.getKey().substring(LABEL_PREFIX.length()), e.getValue() == null ? "" : e.getValue());
            }
        }
        return out;
    }

    /**
     * Parses one config file.
     *
     * @param collector the label suffix; a name starting with {@code prometheus} (any case) makes a Prometheus collector
     * @param json      the file's content
     * @param limit     {@code application_metrics_count_limit}: more declared metrics than this is an error, as upstream
     * @throws IllegalArgumentException naming what is wrong
     */
    public static CollectorConfig parse(String collector, String json, int limit) {
        if (json.length() > MAX_CONFIG_BYTES) {
            throw new IllegalArgumentException("config is larger than " + MAX_CONFIG_BYTES + " bytes");
        }
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            // The file may be anything a symlink in the container points at: name the place, never the content.
            String where = e.getLocation() == null ? ""
                    : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
            throw new IllegalArgumentException("config is not JSON" + where);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("config is not a JSON object");
        }
        boolean prometheus = collector.toLowerCase(Locale.ROOT).startsWith("prometheus");
        CollectorConfig.Endpoint endpoint = endpoint(root.get("endpoint"));
        JsonNode metrics = root.get("metrics_config");
        if (metrics != null && !metrics.isNull() && !metrics.isArray()) {
            throw new IllegalArgumentException("metrics_config is not a list");
        }
        if (prometheus) {
            Set<String> names = new LinkedHashSet<>();
            if (metrics != null && metrics.isArray()) {
                for (JsonNode n : metrics) {
                    if (!n.isTextual()) {
                        throw new IllegalArgumentException("metrics_config of a Prometheus collector lists names");
                    }
                    names.add(n.asText());
                }
            }
            if (names.size() > limit) {
                throw new IllegalArgumentException("too many metrics defined: " + names.size() + " limit " + limit);
            }
            Duration every = atLeastMinimum(polling(root.get("polling_frequency")));
            return new CollectorConfig(collector, CollectorConfig.Kind.PROMETHEUS, endpoint, every, Set.copyOf(names),
                    List.of());
        }
        if (metrics == null || !metrics.isArray() || metrics.isEmpty()) {
            throw new IllegalArgumentException("no metrics provided in config");
        }
        if (metrics.size() > limit) {
            throw new IllegalArgumentException("too many metrics defined: " + metrics.size() + " limit: " + limit);
        }
        List<CollectorConfig.MetricConfig> list = new ArrayList<>();
        Duration min = Duration.ZERO;
        for (JsonNode m : metrics) {
            if (!m.isObject()) {
                throw new IllegalArgumentException("metrics_config entries are objects");
            }
            String name = text(m, "name");
            if (name.isEmpty()) {
                throw new IllegalArgumentException("a metric has no name");
            }
            String dataType = text(m, "data_type");
            if (!dataType.equals("int") && !dataType.equals("float")) {
                throw new IllegalArgumentException("unexpected value of 'data_type' for metric '" + name + "'");
            }
            String regex = text(m, "regex");
            Pattern pattern;
            try {
                pattern = Pattern.compile(regex);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("invalid regexp " + regex + " for metric " + name);
            }
            if (pattern.matcher("").groupCount() < 1) {
                throw new IllegalArgumentException("regexp " + regex + " for metric " + name + " has no group");
            }
            Duration every = polling(m.get("polling_frequency"));
            // Upstream polls at the smallest frequency any metric declares (0 = not declared).
            if (!every.isZero() && (min.isZero() || every.compareTo(min) < 0)) {
                min = every;
            }
            list.add(new CollectorConfig.MetricConfig(name, text(m, "metric_type"), text(m, "units"), dataType,
                    pattern));
        }
        return new CollectorConfig(collector, CollectorConfig.Kind.GENERIC, endpoint, atLeastMinimum(min), Set.of(),
                List.copyOf(list));
    }

    private static CollectorConfig.Endpoint endpoint(JsonNode node) {
        if (node == null || node.isNull()) {
            throw new IllegalArgumentException("config has no endpoint");
        }
        if (node.isTextual()) {
            if (node.asText().isEmpty()) {
                throw new IllegalArgumentException("config has an empty endpoint");
            }
            return new CollectorConfig.Endpoint(node.asText(), null, null, null);
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException("endpoint is neither a URL nor {protocol, port, path}");
        }
        String protocol = text(node, "protocol").toLowerCase(Locale.ROOT);
        if (!protocol.equals("http") && !protocol.equals("https")) {
            throw new IllegalArgumentException("endpoint protocol must be http or https, not \"" + protocol + "\"");
        }
        JsonNode portNode = node.get("port");
        String port = portNode == null || portNode.isNull() ? "" : portNode.asText();
        if (!port.matches("[0-9]{1,5}") || Integer.parseInt(port) == 0 || Integer.parseInt(port) > 65535) {
            throw new IllegalArgumentException("endpoint port \"" + port + "\" is not a port number");
        }
        String path = text(node, "path");
        if (!path.isEmpty() && !path.startsWith("/")) {
            throw new IllegalArgumentException("endpoint path must start with /");
        }
        return new CollectorConfig.Endpoint(null, protocol, port, path);
    }

    /**
     * Upstream decodes {@code polling_frequency} into a Go {@code time.Duration}: a JSON number counts
     * nanoseconds (so {@code 10} is 10 ns, raised to the 1 s minimum). A Go duration string
     * ({@code "10s"}) is accepted as well, which upstream's older releases took.
     */
    static Duration polling(JsonNode node) {
        if (node == null || node.isNull()) {
            return Duration.ZERO;
        }
        if (node.isIntegralNumber()) {
            long nanos = node.asLong();
            return nanos <= 0 ? Duration.ZERO : Duration.ofNanos(nanos);
        }
        if (node.isTextual()) {
            Duration d = GoDuration.parse(node.asText());
            return d.isNegative() ? Duration.ZERO : d;
        }
        throw new IllegalArgumentException("polling_frequency is neither nanoseconds nor a duration string");
    }

    private static Duration atLeastMinimum(Duration d) {
        return d.compareTo(MIN_POLLING) < 0 ? MIN_POLLING : d;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return "";
        }
        if (!v.isValueNode()) {
            throw new IllegalArgumentException(field + " is not a string");
        }
        return v.asText();
    }
}
