package io.jcadvisor.proc;

import io.jcadvisor.info.v1.InterfaceStats;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Parses {@code /proc/<pid>/net/dev}, the interface counters of the process's network namespace.
 * Pure, no I/O.
 */
public final class NetDevParser {

    private static final Logger LOG = Logger.getLogger(NetDevParser.class);

    /** Interface name prefixes upstream leaves out (compared lower-cased). */
    private static final List<String> IGNORED_PREFIXES = List.of("lo", "veth", "docker", "nerdctl");

    private static final int FIELDS = 17;

    private NetDevParser() {
    }

    /**
     * The counters of every interface except loopback, veth, docker and nerdctl ones, in file order.
     * Rx and tx values are bytes, packets, errors and drops, cumulative since the interface appeared.
     *
     * @param lines the whole file: two header lines, then one line per interface
     * @return empty when any data line does not have exactly 17 fields or holds a non-number (upstream
     *         fails the whole read then); an empty list when the file has no interface lines
     */
    public static Optional<List<InterfaceStats>> parse(List<String> lines) {
        return parse(String.join("\n", lines));
    }

    /**
     * {@link #parse(List)} over the file's text as read: what every sample of every container with a network
     * runs, so it works on the text in place. It takes the name and the eight counters by their positions in
     * the line, never cutting the line into field strings (the former split made 17 strings and 3 copies of
     * each line, loopback's included, twice a second per busy container).
     *
     * @param text the whole file: two header lines, then one line per interface
     */
    public static Optional<List<InterfaceStats>> parse(String text) {
        List<InterfaceStats> interfaces = null;
        int[] bounds = new int[2 * FIELDS];
        int length = text.length();
        int start = 0;
        for (int line = 0; start < length; line++) {
            int newline = text.indexOf('\n', start);
            int end = newline < 0 ? length : newline;
            if (line >= 2) {
                // Upstream strips every ':' and splits on blanks. A device name can never contain ':'
                // (dev_valid_name), so a ':' is a separator: the same fields, and a very old kernel's counter
                // glued to the colon is still a field of its own.
                int count = fields(text, start, end, bounds);
                // a blank line is skipped; one of colons only has no field either, and fails as upstream's would
                if (count != FIELDS && (count > 0 || text.indexOf(':', start) >= 0 && text.indexOf(':', start) < end)) {
                    LOG.debugf("net/dev line with %d fields instead of %d: %s", count, FIELDS,
                            text.substring(start, end));
                    return Optional.empty();
                }
                if (count == FIELDS && !ignored(text, bounds[0], bounds[1])) {
                    try {
                        InterfaceStats stats = new InterfaceStats(text.substring(bounds[0], bounds[1]),
                                counter(text, bounds, 1), counter(text, bounds, 2), counter(text, bounds, 3),
                                counter(text, bounds, 4), counter(text, bounds, 9), counter(text, bounds, 10),
                                counter(text, bounds, 11), counter(text, bounds, 12));
                        if (interfaces == null) {
                            interfaces = new ArrayList<>(2);
                        }
                        interfaces.add(stats);
                    } catch (NumberFormatException e) {
                        LOG.debugf("net/dev line with a non-numeric counter: %s", text.substring(start, end));
                        return Optional.empty();
                    }
                }
            }
            start = end + 1;
        }
        return Optional.of(interfaces == null ? List.of() : List.copyOf(interfaces));
    }

    /**
     * The fields of {@code text[from, to)}, split on blanks and ':' as {@link Fields#split} splits on blanks:
     * their begin and end offsets in {@code bounds} (pairs, at most {@link #FIELDS}).
     *
     * @return how many fields (more than {@link #FIELDS} when there are more; only the first are stored)
     */
    private static int fields(String text, int from, int to, int[] bounds) {
        int count = 0;
        int i = from;
        while (true) {
            while (i < to && separator(text.charAt(i))) {
                i++;
            }
            if (i == to) {
                return count;
            }
            int begin = i;
            while (i < to && !separator(text.charAt(i))) {
                i++;
            }
            if (count < FIELDS) {
                bounds[2 * count] = begin;
                bounds[2 * count + 1] = i;
            }
            count++;
        }
    }

    private static boolean separator(char c) {
        return c == ':' || c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
    }

    /** Field {@code field} as a uint64 ({@link Fields#unsigned}: a decimal uint64 wrapped into a long). */
    private static long counter(String text, int[] bounds, int field) {
        return Long.parseUnsignedLong(text, bounds[2 * field], bounds[2 * field + 1], 10);
    }

    /** {@link #ignored(String)} of the name at {@code text[from, to)}, without cutting it out; any case. */
    private static boolean ignored(String text, int from, int to) {
        for (String prefix : IGNORED_PREFIXES) {
            if (to - from >= prefix.length() && text.regionMatches(true, from, prefix, 0, prefix.length())) {
                return true;
            }
        }
        return false;
    }

    /** Whether upstream leaves this interface out (loopback, veth pairs, docker and nerdctl bridges). */
    public static boolean ignored(String name) {
        return ignored(name, 0, name.length());
    }
}
