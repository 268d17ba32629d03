package io.jcadvisor.metrics;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A strict reader of text format 0.0.4 for tests (the simpleclient has no parser): validates every
 * line, escape sequence, name and value, that families are contiguous with HELP/TYPE first, and that no
 * series repeats. Returns the parsed samples.
 */
final class ExpositionChecker {

    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    /** One parsed sample. */
    record Sample(String name, Map<String, String> labels, String value, String timestamp) {
    }

    private ExpositionChecker() {
    }

    static List<Sample> parse(String text) {
        if (!text.isEmpty() && !text.endsWith("\n")) {
            throw new AssertionError("exposition does not end with a newline");
        }
        List<Sample> samples = new ArrayList<>();
        Set<String> series = new HashSet<>();
        Set<String> closedFamilies = new HashSet<>();
        String family = null;
        int lineNo = 0;
        for (String line : text.split("\n", -1)) {
            lineNo++;
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("# HELP ") || line.startsWith("# TYPE ")) {
                String[] parts = line.split(" ", 4);
                String name = parts[2];
                check(METRIC_NAME.matcher(name).matches(), lineNo, "bad family name " + name);
                if (!name.equals(family)) {
                    check(!closedFamilies.contains(name), lineNo, "family " + name + " is not contiguous");
                    if (family != null) {
                        closedFamilies.add(family);
                    }
                    family = name;
                }
                if (line.startsWith("# TYPE ")) {
                    check(Set.of("counter", "gauge", "untyped", "summary", "histogram").contains(parts[3]), lineNo,
                            "bad type " + parts[3]);
                }
                continue;
            }
            check(!line.startsWith("#"), lineNo, "unexpected comment");
            Sample s = sample(line, lineNo);
            check(family != null && (s.name.equals(family) || s.name.startsWith(family + "_")), lineNo,
                    "sample " + s.name + " outside its family " + family);
            check(series.add(s.name + s.labels), lineNo, "duplicate series " + s.name + s.labels);
            samples.add(s);
        }
        return samples;
    }

    private static Sample sample(String line, int lineNo) {
        int i = 0;
        while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ') {
            i++;
        }
        String name = line.substring(0, i);
        check(METRIC_NAME.matcher(name).matches(), lineNo, "bad metric name " + name);
        Map<String, String> labels = new LinkedHashMap<>();
        if (i < line.length() && line.charAt(i) == '{') {
            i++;
            while (line.charAt(i) != '}') {
                int eq = line.indexOf('=', i);
                check(eq > 0, lineNo, "label without =");
                String label = line.substring(i, eq);
                check(LABEL_NAME.matcher(label).matches(), lineNo, "bad label name " + label);
                check(line.charAt(eq + 1) == '"', lineNo, "label value not quoted");
                StringBuilder value = new StringBuilder();
                int j = eq + 2;
                while (true) {
                    check(j < line.length(), lineNo, "unterminated label value");
                    char c = line.charAt(j);
                    if (c == '\\') {
                        char e = line.charAt(j + 1);
                        check(e == '\\' || e == '"' || e == 'n', lineNo, "bad escape \\" + e);
                        value.append(e == 'n' ? '\n' : e);
                        j += 2;
                    } else if (c == '"') {
                        j++;
                        break;
                    } else {
                        value.append(c);
                        j++;
                    }
                }
                check(labels.put(label, value.toString()) == null, lineNo, "repeated label " + label);
                if (line.charAt(j) == ',') {
                    j++;
                }
                i = j;
            }
            i++;
        }
        check(i < line.length() && line.charAt(i) == ' ', lineNo, "no value");
        String[] rest = line.substring(i + 1).split(" ");
        check(rest.length == 1 || rest.length == 2, lineNo, "bad value/timestamp");
        String value = rest[0];
        check(value.equals("+Inf") || value.equals("-Inf") || value.equals("NaN") || isDouble(value), lineNo,
                "bad value " + value);
        if (rest.length == 2) {
            Long.parseLong(rest[1]);
        }
        return new Sample(name, labels, value, rest.length == 2 ? rest[1] : null);
    }

    private static boolean isDouble(String v) {
        try {
            Double.parseDouble(v);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static void check(boolean ok, int line, String message) {
        if (!ok) {
            throw new AssertionError("line " + line + ": " + message);
        }
    }
}
