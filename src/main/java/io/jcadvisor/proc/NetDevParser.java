package io.jcadvisor.proc;

import io.jcadvisor.info.v1.InterfaceStats;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
        List<InterfaceStats> interfaces = new ArrayList<>();
        for (int i = 2; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            // Upstream strips every ':'. A device name can never contain ':' (dev_valid_name), so
            // turning it into a blank gives the same fields and also copes with very old kernels that
            // glued the first counter to the colon.
            String[] fields = Fields.split(line.replace(':', ' '));
            if (fields.length != FIELDS) {
                LOG.debugf("net/dev line with %d fields instead of %d: %s", fields.length, FIELDS, line);
                return Optional.empty();
            }
            String name = fields[0];
            if (ignored(name)) {
                continue;
            }
            try {
                interfaces.add(new InterfaceStats(name,
                        Fields.unsigned(fields[1]), Fields.unsigned(fields[2]),
                        Fields.unsigned(fields[3]), Fields.unsigned(fields[4]),
                        Fields.unsigned(fields[9]), Fields.unsigned(fields[10]),
                        Fields.unsigned(fields[11]), Fields.unsigned(fields[12])));
            } catch (NumberFormatException e) {
                LOG.debugf("net/dev line with a non-numeric counter: %s", line);
                return Optional.empty();
            }
        }
        return Optional.of(List.copyOf(interfaces));
    }

    /** Whether upstream leaves this interface out (loopback, veth pairs, docker and nerdctl bridges). */
    public static boolean ignored(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (String prefix : IGNORED_PREFIXES) {
            if (lower.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
