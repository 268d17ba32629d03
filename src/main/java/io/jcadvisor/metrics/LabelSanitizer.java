package io.jcadvisor.metrics;

/**
 * Label names and values as upstream exports them: names keep {@code [a-zA-Z0-9_]} and every other
 * character (one per Unicode code point, as Go's regexp works on runes) becomes {@code _}; values
 * pass through unchanged except for the length bound (escaping is the exposition library's job).
 */
public final class LabelSanitizer {

    private LabelSanitizer() {
    }

    /** Upstream {@code sanitizeLabelName}: {@code [^a-zA-Z0-9_]} → {@code _}; the prefix is kept as is. */
    public static String name(String prefix, String raw) {
        int length = raw.length();
        boolean clean = true;
        for (int i = 0; i < length; i++) {
            if (!valid(raw.charAt(i))) {
                clean = false;
                break;
            }
        }
        if (clean) {
            return prefix.concat(raw);
        }
        StringBuilder out = new StringBuilder(prefix.length() + length).append(prefix);
        for (int i = 0; i < length; ) {
            int cp = raw.codePointAt(i);
            out.append(cp < 128 && valid((char) cp) ? (char) cp : '_');
            i += Character.charCount(cp);
        }
        return out.toString();
    }

    /**
     * Cuts a value to at most {@code max} chars without splitting a surrogate pair, so a runaway
     * label (a 1 MB annotation) cannot blow up every series of a scrape.
     */
    public static String value(String value, int max) {
        if (value == null) {
            return "";
        }
        if (value.length() <= max) {
            return value;
        }
        int end = max;
        if (end > 0 && Character.isHighSurrogate(value.charAt(end - 1))) {
            end--;
        }
        return value.substring(0, end);
    }

    private static boolean valid(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    }
}
