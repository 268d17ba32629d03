package io.jcadvisor.app;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Parses the Prometheus text exposition format 0.0.4 (what an application's {@code /metrics} serves),
 * pure. Kept small on purpose: no library on the classpath parses the text format (the simpleclient
 * only writes it). Accepted, as Prometheus' own decoder does: {@code # HELP} / {@code # TYPE} lines,
 * other comments, blank lines, labels with {@code \\}, {@code \"}, {@code \n} escapes and an optional
 * trailing comma, values {@code NaN}, {@code +Inf}, {@code -Inf} and Go floats, an optional int64
 * millisecond timestamp. A malformed line fails the whole body (upstream then keeps no value either).
 */
public final class PrometheusTextParser {

    /** Longest metric or label name accepted; longer ones are garbage, not metrics. */
    static final int MAX_NAME = 1024;

    private PrometheusTextParser() {
    }

    /**
     * A family as declared or inferred.
     *
     * @param name    family name (for a histogram, without {@code _bucket}/{@code _sum}/{@code _count})
     * @param type    lower-case type from {@code # TYPE}, {@code untyped} when not declared
     * @param samples its samples in body order
     */
    public record Family(String name, String type, List<Sample> samples) {
    }

    /**
     * One sample line.
     *
     * @param name        the sample's own name (e.g. {@code x_bucket})
     * @param labels      labels in body order, without {@code __name__}
     * @param value       the value; NaN and infinities kept
     * @param timestampMs the line's timestamp in Unix ms, absent when the line has none
     */
    public record Sample(String name, Map<String, String> labels, double value, OptionalLong timestampMs) {
    }

    /** Thrown for a line that is not valid text format; the message names the line. */
    public static final class ParseException extends Exception {
        ParseException(int line, String message) {
            super("line " + line + ": " + message);
        }
    }

    /** The families of {@code body} in order of first appearance. */
    public static List<Family> parse(String body) throws ParseException {
        Map<String, String> types = new LinkedHashMap<>();
        Map<String, List<Sample>> byFamily = new LinkedHashMap<>();
        int lineNo = 0;
        int start = 0;
        int length = body.length();
        while (start <= length) {
            int end = body.indexOf('\n', start);
            if (end < 0) {
                end = length;
            }
            lineNo++;
            String line = body.substring(start, end);
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            start = end + 1;
            String trimmed = line.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            if (trimmed.charAt(0) == '#') {
                comment(trimmed, lineNo, types, byFamily);
                continue;
            }
            Sample sample = sample(trimmed, lineNo);
            String family = familyOf(sample.name(), types);
            byFamily.computeIfAbsent(family, k -> new ArrayList<>()).add(sample);
        }
        List<Family> families = new ArrayList<>(byFamily.size());
        for (Map.Entry<String, List<Sample>> e : byFamily.entrySet()) {
            if (e.getValue().isEmpty()) {
                continue;
            }
            families.add(new Family(e.getKey(), types.getOrDefault(e.getKey(), "untyped"),
                    Collections.unmodifiableList(e.getValue())));
        }
        return families;
    }

    private static void comment(String line, int lineNo, Map<String, String> types, Map<String, List<Sample>> order)
            throws ParseException {
        String[] parts = line.substring(1).strip().split("[ \t]+", 3);
        if (parts.length < 2 || !(parts[0].equals("TYPE") || parts[0].equals("HELP"))) {
            return;
        }
        String name = parts[1];
        if (!validMetricName(name)) {
            throw new ParseException(lineNo, "invalid metric name in " + parts[0] + " comment");
        }
        if (parts[0].equals("TYPE")) {
            String type = parts.length > 2 ? parts[2].strip() : "";
            switch (type) {
                case "counter", "gauge", "histogram", "summary", "untyped" -> {
                }
                default -> throw new ParseException(lineNo, "unknown metric type \"" + type + "\"");
            }
            if (types.putIfAbsent(name, type) != null) {
                throw new ParseException(lineNo, "second TYPE line for metric name \"" + name + "\"");
            }
        }
        order.computeIfAbsent(name, k -> new ArrayList<>());
    }

    /** Samples {@code x_bucket}, {@code x_sum}, {@code x_count} belong to histogram or summary {@code x}. */
    private static String familyOf(String sampleName, Map<String, String> types) {
        if (types.containsKey(sampleName)) {
            return sampleName;
        }
        for (String suffix : new String[] {"_bucket", "_sum", "_count"}) {
            if (sampleName.endsWith(suffix)) {
                String base = sampleName.substring(0, sampleName.length() - suffix.length());
                String type = types.get(base);
                if ("histogram".equals(type) || ("summary".equals(type) && !suffix.equals("_bucket"))) {
                    return base;
                }
            }
        }
        return sampleName;
    }

    private static Sample sample(String line, int lineNo) throws ParseException {
        int i = 0;
        int n = line.length();
        while (i < n && nameChar(line.charAt(i), i == 0, true)) {
            i++;
        }
        String name = line.substring(0, i);
        if (name.isEmpty() || name.length() > MAX_NAME) {
            throw new ParseException(lineNo, "invalid metric name");
        }
        Map<String, String> labels = new LinkedHashMap<>();
        int brace = skipBlanks(line, i);
        boolean hasLabels = brace < n && line.charAt(brace) == '{';
        if (hasLabels) {
            i = labels(line, brace + 1, lineNo, labels);
        }
        int valueStart = skipBlanks(line, i);
        if (valueStart == i && !hasLabels) {
            throw new ParseException(lineNo, "expected a blank before the value");
        }
        String[] rest = line.substring(valueStart).strip().split("[ \t]+");
        if (rest.length == 0 || rest[0].isEmpty() || rest.length > 2) {
            throw new ParseException(lineNo, "expected a value and an optional timestamp");
        }
        double value = value(rest[0], lineNo);
        OptionalLong ts = OptionalLong.empty();
        if (rest.length == 2) {
            try {
                ts = OptionalLong.of(Long.parseLong(rest[1]));
            } catch (NumberFormatException e) {
                throw new ParseException(lineNo, "invalid timestamp \"" + rest[1] + "\"");
            }
        }
        return new Sample(name, Collections.unmodifiableMap(labels), value, ts);
    }

    /** Reads {@code name="value",…}} from {@code i} (just after the brace); returns the index after the brace. */
    private static int labels(String line, int i, int lineNo, Map<String, String> into) throws ParseException {
        int n = line.length();
        while (true) {
            i = skipBlanks(line, i);
            if (i < n && line.charAt(i) == '}') {
                return i + 1;
            }
            int start = i;
            while (i < n && nameChar(line.charAt(i), i == start, false)) {
                i++;
            }
            String label = line.substring(start, i);
            if (label.isEmpty() || label.length() > MAX_NAME) {
                throw new ParseException(lineNo, "invalid label name");
            }
            i = skipBlanks(line, i);
            if (i >= n || line.charAt(i) != '=') {
                throw new ParseException(lineNo, "expected '=' after label name \"" + label + "\"");
            }
            i = skipBlanks(line, i + 1);
            if (i >= n || line.charAt(i) != '"') {
                throw new ParseException(lineNo, "expected '\"' to start the value of \"" + label + "\"");
            }
            StringBuilder value = new StringBuilder();
            i++;
            boolean closed = false;
            while (i < n) {
                char c = line.charAt(i++);
                if (c == '"') {
                    closed = true;
                    break;
                }
                if (c == '\\') {
                    if (i >= n) {
                        break;
                    }
                    char e = line.charAt(i++);
                    switch (e) {
                        case '\\' -> value.append('\\');
                        case '"' -> value.append('"');
                        case 'n' -> value.append('\n');
                        default -> throw new ParseException(lineNo, "invalid escape \\" + e + " in label value");
                    }
                } else {
                    value.append(c);
                }
            }
            if (!closed) {
                throw new ParseException(lineNo, "unterminated label value");
            }
            if (label.equals("__name__")) {
                throw new ParseException(lineNo, "label __name__ is reserved");
            }
            if (into.putIfAbsent(label, value.toString()) != null) {
                throw new ParseException(lineNo, "duplicate label \"" + label + "\"");
            }
            i = skipBlanks(line, i);
            if (i < n && line.charAt(i) == ',') {
                i++;
            } else if (i >= n || line.charAt(i) != '}') {
                throw new ParseException(lineNo, "expected ',' or '}' after a label");
            }
        }
    }

    /** Go's {@code ParseFloat} words ({@code NaN}, {@code Inf}, any case) and plain decimals. */
    static double value(String text, int lineNo) throws ParseException {
        String lower = text.toLowerCase(java.util.Locale.ROOT);
        switch (lower) {
            case "nan", "+nan", "-nan" -> {
                return Double.NaN;
            }
            case "inf", "+inf", "infinity", "+infinity" -> {
                return Double.POSITIVE_INFINITY;
            }
            case "-inf", "-infinity" -> {
                return Double.NEGATIVE_INFINITY;
            }
            default -> {
            }
        }
        // Java also takes "1d", "1f", "0x1p3" and "Infinity" forms Go does not (hex is rare in expositions).
        for (int k = 0; k < text.length(); k++) {
            char c = text.charAt(k);
            if (!((c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-')) {
                throw new ParseException(lineNo, "invalid value \"" + text + "\"");
            }
        }
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new ParseException(lineNo, "invalid value \"" + text + "\"");
        }
    }

    /** Whether {@code name} is a valid Prometheus metric name ({@code [a-zA-Z_:][a-zA-Z0-9_:]*}). */
    public static boolean validMetricName(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_NAME) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            if (!nameChar(name.charAt(i), i == 0, true)) {
                return false;
            }
        }
        return true;
    }

    private static boolean nameChar(char c, boolean first, boolean colon) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (colon && c == ':')
                || (!first && c >= '0' && c <= '9');
    }

    private static int skipBlanks(String line, int i) {
        while (i < line.length() && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }
}
