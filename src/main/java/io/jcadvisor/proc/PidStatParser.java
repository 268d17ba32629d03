package io.jcadvisor.proc;

import org.jboss.logging.Logger;

import java.util.Optional;

/** Parses {@code /proc/<pid>/stat}. Pure, no I/O. */
public final class PidStatParser {

    private static final Logger LOG = Logger.getLogger(PidStatParser.class);

    /** Fields after the command, counted from 1 as in proc(5): field 3 (state) is index 0. */
    private static final int FIRST = 3;
    private static final int PROCESSOR = 39;

    private PidStatParser() {
    }

    /**
     * The process's stat line.
     *
     * <p>The command is whatever lies between the first {@code (} and the <em>last</em> {@code )}: a
     * process may name itself {@code a) R (b}, so the fields are read from after the last parenthesis.
     *
     * @return empty when the line is cut short (older than 2.6.8, without field 39) or malformed
     */
    public static Optional<PidStat> parse(String text) {
        int open = text.indexOf('(');
        int close = text.lastIndexOf(')');
        if (open < 0 || close < open) {
            LOG.debugf("stat without a command: %s", text);
            return Optional.empty();
        }
        String[] f = Fields.split(text.substring(close + 1));
        if (f.length < PROCESSOR - FIRST + 1 || f[0].length() != 1) {
            LOG.debugf("stat with %d fields after the command", f.length);
            return Optional.empty();
        }
        try {
            return Optional.of(new PidStat(
                    Integer.parseInt(text.substring(0, open).strip()),
                    text.substring(open + 1, close),
                    f[0].charAt(0),
                    Integer.parseInt(f[field(4)]),
                    Integer.parseInt(f[field(5)]),
                    Integer.parseInt(f[field(6)]),
                    Integer.parseInt(f[field(7)]),
                    Integer.parseInt(f[field(8)]),
                    Fields.unsigned(f[field(14)]),
                    Fields.unsigned(f[field(15)]),
                    Integer.parseInt(f[field(19)]),
                    Integer.parseInt(f[field(20)]),
                    Fields.unsigned(f[field(22)]),
                    Fields.unsigned(f[field(23)]),
                    Integer.parseInt(f[field(PROCESSOR)])));
        } catch (NumberFormatException e) {
            LOG.debugf("non-numeric stat field: %s", text);
            return Optional.empty();
        }
    }

    /** Index in the split tail of field {@code n} of proc(5). */
    private static int field(int n) {
        return n - FIRST;
    }
}
