package io.jcadvisor.proc;

/** Small helpers shared by the parsers of this package. */
final class Fields {

    private Fields() {
    }

    /** Splits on runs of spaces and tabs, ignoring leading and trailing blanks (Go's {@code strings.Fields}). */
    static String[] split(String line) {
        String trimmed = line.strip();
        return trimmed.isEmpty() ? new String[0] : trimmed.split("\\s+");
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
