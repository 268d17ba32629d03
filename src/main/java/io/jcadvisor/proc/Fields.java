package io.jcadvisor.proc;

/** Small helpers shared by the parsers of this package. */
final class Fields {

    private Fields() {
    }

    private static final String[] NONE = new String[0];

    /**
     * Splits on runs of spaces and tabs, ignoring leading and trailing blanks (Go's {@code strings.Fields}):
     * the fields of {@code line.strip().split("\\s+")}, without the regular expression, which
     * {@link String#split} compiles on every call (this runs for every line of every sample's
     * {@code /proc/<pid>/net/dev}).
     */
    static String[] split(String line) {
        String trimmed = line.strip();
        int n = trimmed.length();
        if (n == 0) {
            return NONE;
        }
        int count = 1;
        for (int i = 1; i < n; i++) {
            if (blank(trimmed.charAt(i)) && !blank(trimmed.charAt(i - 1))) {
                count++;
            }
        }
        String[] fields = new String[count];
        int field = 0;
        int start = 0;
        for (int i = 0; i <= n; i++) {
            if (i == n || blank(trimmed.charAt(i))) {
                if (start < i) {
                    fields[field++] = trimmed.substring(start, i);
                }
                start = i + 1;
            }
        }
        return fields;
    }

    /** The characters of the regex class {@code \s}: space, tab, newline, vertical tab, form feed, return. */
    private static boolean blank(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
    }

    /**
     * A kernel counter: uint64 held in a Java long (values above {@code Long.MAX_VALUE} wrap and are
     * written back unsigned by the JSON layer).
     *
     * @throws NumberFormatException when the text is not a decimal uint64
     */
    static long unsigned(String text) {
        return Long.parseUnsignedLong(text);
    }
}
